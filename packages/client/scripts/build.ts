// Builds dist/: the browser bundle (one minified ESM file, the `./browser` export), every source file as
// its own ESM module, and their type declarations (tsc, in parallel with esbuild). Each JS file then names
// its declarations in a leading `@ts-self-types` comment, so that Deno finds the types when a program
// imports dist/*.js by path or URL.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { browserBundle, clientRoot, packageFiles } from './build-config.js';

const tsc = join(clientRoot, '../../node_modules/.bin/tsc');
const dist = join(clientRoot, 'dist');

rmSync(dist, { recursive: true, force: true });
const started = performance.now();
await Promise.all([
  build(browserBundle),
  build(packageFiles),
  promisify(execFile)(tsc, ['-p', join(clientRoot, 'scripts/tsconfig.dts.json')], { cwd: clientRoot }).catch(
    (error: { stdout?: string }) => {
      throw new Error(`type declarations failed:\n${error.stdout ?? String(error)}`);
    },
  ),
]);

// The bundle is src/index.ts bundled: the same declarations as the `.` entry.
writeFileSync(join(dist, 'orientdb-edge.browser.d.ts'), "export * from './index.js';\n");
for (const path of readdirSync(dist, { recursive: true, encoding: 'utf8' })) {
  if (!path.endsWith('.js')) continue;
  const file = join(dist, path);
  const name = path.slice(path.lastIndexOf('/') + 1, -'.js'.length);
  writeFileSync(file, `/* @ts-self-types="./${name}.d.ts" */\n${readFileSync(file, 'utf8')}`);
}

const browser = readFileSync(join(dist, 'orientdb-edge.browser.js'));
console.log(
  `dist/ built in ${Math.round(performance.now() - started)} ms; browser bundle ${browser.length} B minified, ${gzipSync(browser, { level: 9 }).length} B gzipped`,
);
