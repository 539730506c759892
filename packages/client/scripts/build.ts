// Builds dist/: the browser bundle (one minified ESM file + sourcemap), the package entries
// (index.js, tcp.js) and their type declarations (tsc, in parallel with esbuild).
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { browserBundle, clientRoot, packageEntries } from './build-config.js';

const tsc = join(clientRoot, '../../node_modules/.bin/tsc');

rmSync(join(clientRoot, 'dist'), { recursive: true, force: true });
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
const browser = readFileSync(join(clientRoot, 'dist/orientdb-edge.browser.js'));
console.log(
  `dist/ built in ${Math.round(performance.now() - started)} ms; browser bundle ${browser.length} B minified, ${gzipSync(browser, { level: 9 }).length} B gzipped`,
);
