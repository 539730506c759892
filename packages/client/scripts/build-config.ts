// esbuild settings shared by the build script and the browser-bundle test.
import type { BuildOptions } from 'esbuild';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const clientRoot = fileURLToPath(new URL('..', import.meta.url));

/** The version lives in package.json only; the build writes it into session/client-version.ts. */
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __ORIENTDB_EDGE_CLIENT_VERSION__: JSON.stringify(version) };

/**
 * One self-contained ESM file for browsers (the `./browser` export): everything bundled, minified. No
 * sourcemaps here or below: the package entries are readable ESM, and a map of the minified bundle would
 * have to embed the sources to be of use (four times the package's size).
 */
export const browserBundle: BuildOptions = {
  absWorkingDir: clientRoot,
  entryPoints: ['src/index.ts'],
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  define,
  legalComments: 'none',
  outfile: 'dist/orientdb-edge.browser.js',
};

/** The package entries: `.` (neutral) and `./tcp` (node), sharing one chunk so error classes stay one. */
export const packageEntries: BuildOptions = {
  absWorkingDir: clientRoot,
  entryPoints: { index: 'src/index.ts', tcp: 'src/tcp.ts', protocol: 'src/protocol.ts', pool: 'src/pool.ts' },
  bundle: true,
  splitting: true,
  platform: 'neutral',
  format: 'esm',
  target: 'es2022',
  define,
  external: ['node:*'],
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
};
