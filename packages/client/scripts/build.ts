// Builds dist/: the browser bundle (minified ESM, the `./browser` export: orientdb-edge.browser.js and the
// files beside it that it loads, browser-bundle.ts), every source file as its own ESM module, and their type
// declarations (tsc, in parallel with esbuild). Each JS file that has declarations then names them in a
// leading `@ts-self-types` comment, so that Deno finds the types when a program imports dist/*.js by path
// or URL (the bundle's other files are only ever loaded by the bundle).
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildBrowserBundle } from './browser-bundle.js';
import { BROWSER_BUNDLE, clientRoot, packageFiles } from './build-config.js';

const tsc = join(clientRoot, '../../node_modules/.bin/tsc');
const dist = join(clientRoot, 'dist');

rmSync(dist, { recursive: true, force: true });
const started = performance.now();
const [browser] = await Promise.all([
  buildBrowserBundle(),
  build(packageFiles),
  promisify(execFile)(tsc, ['-p', join(clientRoot, 'scripts/tsconfig.dts.json')], { cwd: clientRoot }).catch(
    (error: { stdout?: string }) => {
      throw new Error(`type declarations failed:\n${error.stdout ?? String(error)}`);
    },
  ),
]);

mkdirSync(dist, { recursive: true });
for (const [path, contents] of browser.files) writeFileSync(join(clientRoot, path), contents);
// The bundle is src/index.ts bundled: the same declarations as the `.` entry.
writeFileSync(join(dist, `${BROWSER_BUNDLE}.d.ts`), "export * from './index.js';\n");
for (const path of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!path.endsWith('.js')) continue;
  const file = join(dist, path);
  const name = path.slice(path.lastIndexOf('/') + 1, -'.js'.length);
  if (!existsSync(join(dist, `${path.slice(0, -'.js'.length)}.d.ts`))) continue;
  writeFileSync(file, `/* @ts-self-types="./${name}.d.ts" */\n${readFileSync(file, 'utf8')}`);
}

// As the browser-bundle test counts them: before the @ts-self-types comment, which a page loads too.
const sizes = [...browser.files].map(
  ([path, bytes]) =>
    `${path.slice('dist/'.length)} ${bytes.length} B (${gzipSync(bytes, { level: 9 }).length} B gzipped)`,
);
console.log(`dist/ built in ${Math.round(performance.now() - started)} ms; browser bundle: ${sizes.join(', ')}`);
