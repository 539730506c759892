// Builds dist/: the browser bundle (one minified ESM file, the `./browser` export), the package entries
// (index.js, tcp.js, protocol.js) and their type declarations (tsc, in parallel with esbuild). Each
// entry then names its declarations in a leading `@ts-self-types` comment, so that Deno finds the types
// when a program imports dist/*.js by path or URL.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { browserBundle, clientRoot, packageEntries } from './build-config.js';

const tsc = join(clientRoot, '../../node_modules/.bin/tsc');
const dist = join(clientRoot, 'dist');

rmSync(dist, { recursive: true, force: true });
const started = performance.now();
await Promise.all([
  build(browserBundle),
  build(packageEntries),
  promisify(execFile)(tsc, ['-p', join(clientRoot, 'scripts/tsconfig.dts.json')], { cwd: clientRoot }).catch(
    (error: { stdout?: string }) => {
      throw new Error(`type declarations failed:\n${error.stdout ?? String(error)}`);
    },
  ),
]);

// The bundle is src/index.ts bundled: the same declarations as the `.` entry.
writeFileSync(join(dist, 'orientdb-edge.browser.d.ts'), "export * from './index.js';\n");
const entries = [...Object.keys(packageEntries.entryPoints as Record<string, string>), 'orientdb-edge.browser'];
for (const name of entries) {
  const file = join(dist, `${name}.js`);
  writeFileSync(file, `/* @ts-self-types="./${name}.d.ts" */\n${readFileSync(file, 'utf8')}`);
}

const browser = readFileSync(join(dist, 'orientdb-edge.browser.js'));
console.log(
  `dist/ built in ${Math.round(performance.now() - started)} ms; browser bundle ${browser.length} B minified, ${gzipSync(browser, { level: 9 }).length} B gzipped`,
);
