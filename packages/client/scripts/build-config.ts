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

/**
 * The package's own files: every source file transpiled on its own to dist/ (no bundling), beside the
 * declaration file tsc writes for it. A declaration that imports `./x.js` then has a real x.js, whose
 * `@ts-self-types` comment names x.d.ts: Deno follows that when dist/*.js is imported by path or URL,
 * where no package.json maps `.js` to `.d.ts`. Error classes exist once, as each module does.
 */
export const packageFiles: BuildOptions = {
  absWorkingDir: clientRoot,
  entryPoints: ['src/**/*.ts'],
  outbase: 'src',
  outdir: 'dist',
  bundle: false,
  platform: 'neutral',
  format: 'esm',
  target: 'es2022',
  define,
};
