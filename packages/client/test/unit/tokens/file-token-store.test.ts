// fileTokenStore: entries survive in the file for another store (another process) to read, each change
// replaces the file whole (temporary file + rename, never a half-written file), owner-only modes, and
// a file that is not a store's JSON reads as empty instead of failing the client.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { InvalidArgumentError } from '../../../src/errors.js';
import { fileTokenStore } from '../../../src/file-store.js';

const dir = mkdtempSync(join(tmpdir(), 'orientdb-edge-token-file-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('what one store sets, another store on the same file gets; remove forgets it', async () => {
  const path = join(dir, 'a', 'b', 'sessions.json');
  const one = fileTokenStore(path);
  assert.equal(await one.get('k'), null, 'no file yet');
  await one.set('k', 'v1');
  await one.set('other', 'x');
  const two = fileTokenStore(path);
  assert.equal(await two.get('k'), 'v1');
  await two.remove('k');
  assert.equal(await one.get('k'), null);
  assert.equal(await one.get('other'), 'x');
  assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { other: 'x' });
});

test('the file is 0600 and its new folder 0700; no temporary file is left behind', async () => {
  const folder = join(dir, 'modes');
  const path = join(folder, 'sessions.json');
  await fileTokenStore(path).set('k', 'v');
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(folder).mode & 0o777, 0o700);
  assert.deepEqual(readdirSync(folder), ['sessions.json']);
});

test('changes made at once are applied one after the other: none is lost', async () => {
  const path = join(dir, 'burst.json');
  const store = fileTokenStore(path);
  await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
  const entries = JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
  assert.equal(Object.keys(entries).length, 20);
  assert.equal(await store.get('k19'), 'v19');
});

test('a file that is not a store (garbage, an array) reads as empty and is replaced on the next change', async () => {
  for (const content of ['not json', '[1,2]']) {
    const path = join(dir, `bad-${content.length}.json`);
    writeFileSync(path, content);
    const store = fileTokenStore(path);
    assert.equal(await store.get('k'), null);
    await store.set('k', 'v');
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { k: 'v' });
  }
});

test('a path that is not a string is refused', () => {
  assert.throws(() => fileTokenStore(''), InvalidArgumentError);
  assert.throws(() => fileTokenStore(undefined as unknown as string), InvalidArgumentError);
});
