// esbuild settings: the browser bundle's first step (browser-bundle.ts) and the package's own files.
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const clientRoot = fileURLToPath(new URL('..', import.meta.url));

/** The version lives in package.json only; the build writes it into session/client-version.ts. */
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
const define = { __ORIENTDB_EDGE_CLIENT_VERSION__: JSON.stringify(version) };

/** What every file of the browser bundle is named after: orientdb-edge.browser.js, then its chunks. */
export const BROWSER_BUNDLE = 'orientdb-edge.browser';
const INDEX = join(clientRoot, 'src/index.ts');

/**
 * The modules the sources load on first use, each written `lazy(import.meta.url, './x.js', ...)`
 * (src/lazy.ts): absolute source path -> output name, orientdb-edge.browser.x (the file name src/lazy.ts
 * puts in a ChunkLoadError).
 */
function lazyModules(): Map<string, string> {
  const src = join(clientRoot, 'src');
  const found = new Map<string, string>();
  for (const file of readdirSync(src, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!file.endsWith('.ts')) continue;
    const code = readFileSync(join(src, file), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/^\s*\/\/.*$/gm, '');
    for (const [, path] of code.matchAll(/\blazy\(\s*import\.meta\.url,\s*'(\.[^']+)\.js'/g))
      found.set(join(src, dirname(file), `${path}.ts`), `${BROWSER_BUNDLE}.${basename(path!)}`);
  }
  return found;
}

const lazy = lazyModules();

/**
 * Each lazily loaded module is an entry point of its own (else esbuild names its file by a hash) whose
 * file also re-exports the bundle's API. That is what keeps the bundle in one piece: esbuild puts code
 * that several entry points reach into a chunk per combination of them, so without it the code the
 * bundle shares with each lazy module would be cut into as many chunks, each a request of its own and
 * a list of cross-chunk bindings. Reaching all of it from every entry point makes it one chunk, which
 * orientdb-edge.browser.js re-exports and the lazy files import; page-chunk-entry.ts then makes that
 * chunk the entry and drops the lazy files' re-exports of the API (so a module loaded on first use
 * exports no name of the API itself).
 */
const lazyEntries: Plugin = {
  name: 'lazy-entries',
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      if (args.kind !== 'dynamic-import' && args.kind !== 'entry-point') return undefined;
      const path = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'));
      return lazy.has(path) ? { path, namespace: 'lazy-entry' } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'lazy-entry' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};\nexport * from ${JSON.stringify(INDEX)};\n`,
      resolveDir: clientRoot,
      loader: 'ts',
    }));
  },
};

/**
 * ESM for browsers (the `./browser` export), everything bundled and minified, in dist/ after the steps of
 * browser-bundle.ts: orientdb-edge.browser.js (the entry a page imports, with all the code it loads), and
 * the modules loaded on first use (src/lazy.ts), orientdb-edge.browser.<module>.js, with chunks of what
 * only they share (orientdb-edge.browser.chunk-<hash>.js). No sourcemaps here or below:
 * the package entries are readable ESM, and a map of the minified bundle would have to embed the
 * sources to be of use (four times the package's size).
 */
export const browserBundle: BuildOptions = {
  absWorkingDir: clientRoot,
  entryPoints: [
    { in: 'src/index.ts', out: BROWSER_BUNDLE },
    ...[...lazy].map(([path, out]) => ({ in: `./${relative(clientRoot, path)}`, out })),
  ],
  plugins: [lazyEntries],
  bundle: true,
  splitting: true,
  platform: 'browser',
  format: 'esm',
  target: 'es2022',
  minify: true,
  // The files' prefix for src/lazy.ts; and what only servers run left out (websocket.ts, timers.ts, ...).
  define: {
    ...define,
    __ORIENTDB_EDGE_CHUNK_PREFIX__: JSON.stringify(`${BROWSER_BUNDLE}.`),
    __ORIENTDB_EDGE_BROWSER_BUNDLE__: 'true',
  },
  legalComments: 'none',
  outdir: 'dist',
  entryNames: '[name]',
  chunkNames: `${BROWSER_BUNDLE}.chunk-[hash]`,
};

/**
 * The files of the bundle a page loads with its entry, or with `file` (one loaded on first use): it and
 * every file it imports statically, transitively (an import left external, as the bench's without
 * msgpackr, is not one of them).
 */
export function loadedWithEntry(metafile: Metafile, file = `dist/${BROWSER_BUNDLE}.js`): string[] {
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    seen.add(path);
    for (const i of metafile.outputs[path]!.imports) if (i.kind === 'import-statement' && !i.external) visit(i.path);
  };
  visit(file);
  return [...seen];
}

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
