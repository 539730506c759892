// Loading a module on first use (src/lazy.ts): once loaded it is kept; a module that does not load
// fails the call with a ChunkLoadError naming the file and what to check, and the next call tries again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChunkLoadError } from '../../src/errors.js';
import { lazy } from '../../src/lazy.js';

test('a module loads once, on the first call, and is then at hand as `loaded`', async () => {
  let loads = 0;
  const module = { answer: 42 };
  const load = lazy(import.meta.url, './module.js', async () => {
    loads++;
    return module;
  });
  assert.equal(load.loaded, undefined);
  assert.equal(loads, 0);
  const [a, b] = await Promise.all([load(), load()]);
  assert.equal(a, module);
  assert.equal(b, module);
  assert.equal(load.loaded, module);
  assert.equal(loads, 1);
});

test('a module that does not load gives ChunkLoadError with its URL and cause; the next call tries again', async () => {
  const cause = new TypeError('Failed to fetch dynamically imported module');
  let fail = true;
  const load = lazy(import.meta.url, './features/missing.js', async () => {
    if (fail) throw cause;
    return { ok: true };
  });
  const error = await load().then(
    () => assert.fail('loaded'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof ChunkLoadError);
  assert.equal(error.code, 'ERR_CHUNK_LOAD');
  assert.equal(error.name, 'ChunkLoadError');
  assert.equal(error.url, new URL('./features/missing.js', import.meta.url).href);
  assert.equal(error.cause, cause);
  assert.ok(error.message.includes(error.url), error.message);
  assert.ok(error.message.includes(cause.message), error.message);
  assert.match(error.message, /same version/);
  assert.equal(load.loaded, undefined);
  fail = false;
  assert.deepEqual(await load(), { ok: true });
});

test('without a base URL (a bundle with no import.meta) the file is named as written', async () => {
  const load = lazy(undefined, './live-query.js', () => Promise.reject(new Error('no such file')));
  await assert.rejects(load(), { name: 'ChunkLoadError', url: './live-query.js' });
});

test("with a call's limits, a load that stalls ends the wait: ChunkLoadError (cause TimeoutError) or AbortError; the load goes on", async () => {
  let arrive!: (module: { ok: boolean }) => void;
  let loads = 0;
  const load = lazy(import.meta.url, './features/slow.js', () => {
    loads++;
    return new Promise<{ ok: boolean }>((resolve) => {
      arrive = resolve;
    });
  });
  const timedOut = await load({ timeoutMs: 5 }).then(
    () => assert.fail('loaded'),
    (e: unknown) => e,
  );
  assert.ok(timedOut instanceof ChunkLoadError, String(timedOut));
  assert.equal(timedOut.url, new URL('./features/slow.js', import.meta.url).href);
  assert.equal((timedOut.cause as Error).name, 'TimeoutError');
  assert.match(timedOut.message, /not there after 5 ms/);
  const controller = new AbortController();
  const aborted = load({ signal: controller.signal, timeoutMs: 0 });
  controller.abort();
  await assert.rejects(aborted, { name: 'AbortError' });
  await assert.rejects(load({ signal: AbortSignal.abort() }), { name: 'AbortError' });
  const waiting = load({ timeoutMs: 60_000 });
  arrive({ ok: true });
  assert.deepEqual(await waiting, { ok: true });
  assert.deepEqual(load.loaded, { ok: true });
  assert.equal(loads, 1, 'one load, which the calls that gave up did not cancel');
});
