// Reconnect backoff with jitter, and what happens to requests in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inFlightFate, reconnectDelay, reconnectDelays, sleep } from '../../../src/api/reconnect.js';

test('delays grow exponentially within [cap/2, cap] and stop at the maximum', () => {
  const o = { initialMs: 100, maxMs: 1000, factor: 2 };
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((a) => reconnectDelay(a, o, () => 0)), [50, 100, 200, 400, 500, 500]);
  assert.deepEqual([0, 1, 2, 3, 4, 10].map((a) => reconnectDelay(a, o, () => 1)), [100, 200, 400, 800, 1000, 1000]);
});

test('jitter spreads clients apart', () => {
  const seen = new Set([0.1, 0.5, 0.9].map((r) => reconnectDelay(5, { initialMs: 100 }, () => r)));
  assert.equal(seen.size, 3);
});

test('the delay iterator ends after maxAttempts', () => {
  assert.equal([...reconnectDelays({ maxAttempts: 4, random: () => 0 })].length, 4);
});

test('reads are replayed, writes get an unknown outcome', () => {
  assert.equal(inFlightFate({ idempotent: true }), 'replay');
  assert.equal(inFlightFate({ idempotent: false }), 'outcome-unknown');
});

test('sleep rejects with the abort reason', async () => {
  const c = new AbortController();
  const p = sleep(60_000, c.signal);
  c.abort(new Error('stop'));
  await assert.rejects(p, /stop/);
});

test('reconnectLoop retries until success, stops on a fatal error, and gives up after maxAttempts', async () => {
  const { reconnectLoop } = await import('../../../src/api/reconnect.js');
  let n = 0;
  assert.equal(await reconnectLoop(async () => { if (++n < 3) throw new Error('refused'); return 'back'; }, { initialMs: 1, maxMs: 2, isFatal: () => false }), 'back');
  assert.equal(n, 3);
  let m = 0;
  await assert.rejects(reconnectLoop(async () => { m++; throw new Error('gone'); }, { initialMs: 1, isFatal: (e) => (e as Error).message === 'gone' }), /gone/);
  assert.equal(m, 1, 'a fatal error ends the loop at once');
  let k = 0;
  await assert.rejects(reconnectLoop(async () => { k++; throw new Error(`refused ${k}`); }, { initialMs: 1, maxMs: 2, maxAttempts: 4, isFatal: () => false }), /refused 4/);
  assert.equal(k, 4);
});
