// Builds dist/: the browser bundle (one minified ESM file + sourcemap) and the package entries.
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { browserBundle, clientRoot, packageEntries } from './build-config.js';

rmSync(join(clientRoot, 'dist'), { recursive: true, force: true });
const started = performance.now();
await Promise.all([build(browserBundle), build(packageEntries)]);
const browser = readFileSync(join(clientRoot, 'dist/orientdb-edge.browser.js'));
console.log(`dist/ built in ${Math.round(performance.now() - started)} ms; browser bundle ${browser.length} B minified, ${gzipSync(browser, { level: 9 }).length} B gzipped`);
