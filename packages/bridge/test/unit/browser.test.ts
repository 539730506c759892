import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('the browser export throws a clear message', async () => {
  await assert.rejects(import('../../src/browser.js'), /runs on Node only.*@orientdb-edge\/client/s);
});

test('the package resolves to the browser export under the browser condition', () => {
  const cwd = fileURLToPath(new URL('../..', import.meta.url));
  const out = execFileSync(
    process.execPath,
    [
      '--conditions=browser',
      '--conditions=source',
      '--import',
      'tsx',
      '-e',
      "import('@orientdb-edge/bridge').then(() => console.log('loaded'), (e) => console.log(e.message))",
    ],
    { cwd, encoding: 'utf8' },
  );
  assert.match(out, /runs on Node only/);
});
