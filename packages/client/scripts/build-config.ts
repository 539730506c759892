// esbuild settings shared by the build script and the browser-bundle test.
import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

export const clientRoot = fileURLToPath(new URL('..', import.meta.url));

/** One self-contained ESM file for browsers: everything bundled, minified. */
export const browserBundle: BuildOptions = {
  absWorkingDir: clientRoot,
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  sourcemap: true,
  legalComments: 'none',
  outfile: 'dist/orientdb-edge.browser.js',
};

/** The package entries: `.` (neutral) and `./tcp` (node), sharing one chunk so error classes stay one. */
export const packageEntries: BuildOptions = {
  absWorkingDir: clientRoot,
  entryPoints: { index: 'src/index.ts', tcp: 'src/tcp.ts', protocol: 'src/protocol.ts' },
  bundle: true,
  splitting: true,
  platform: 'neutral',
  format: 'esm',
  target: 'es2022',
  sourcemap: true,
  external: ['node:*'],
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
};
