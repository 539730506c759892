// Reconnect backoff with jitter, and what happens to requests in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type ReconnectOptions, type ResolvedReconnect, resolveOptions } from '../../../src/api/options.js';
import { reconnectDelays, reconnectLoop } from '../../../src/api/reconnect.js';

/** The reconnect settings of a client made with these options. */
const resolveReconnect = (reconnect: ReconnectOptions): ResolvedReconnect =>
  resolveOptions({ url: 'ws://bridge.test/', reconnect }).reconnect as ResolvedReconnect;

/** The delay before attempt `attempt` (0-based), as the schedule reconnectLoop follows has it. */
const reconnectDelay = (attempt: number, o: ResolvedReconnect, random: () => number): number =>
  [...reconnectDelays({ ...o, maxAttempts: attempt + 1 }, random)][attempt]!;

test('delays grow exponentially within [cap/2, cap] and stop at the maximum', () => {
  const o = resolveReconnect({ initialMs: 100, maxMs: 1000, factor: 2 });
  assert.deepEqual(
    [0, 1, 2, 3, 4, 10].map((a) => reconnectDelay(a, o, () => 0)),
    [50, 100, 200, 400, 500, 500],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4, 10].map((a) => reconnectDelay(a, o, () => 1)),
    [100, 200, 400, 800, 1000, 1000],
  );
});

test('jitter spreads clients apart', () => {
  const seen = new Set([0.1, 0.5, 0.9].map((r) => reconnectDelay(5, resolveReconnect({ initialMs: 100 }), () => r)));
  assert.equal(seen.size, 3);
});

test('the delay iterator ends after maxAttempts', () => {
  assert.equal([...reconnectDelays(resolveReconnect({ maxAttempts: 4 }), () => 0)].length, 4);
});

test('an abort during the wait ends reconnectLoop with the abort reason', async () => {
  const c = new AbortController();
  const o = { ...resolveReconnect({ initialMs: 60_000, maxMs: 60_000 }), signal: c.signal, isFatal: () => false };
  const p = reconnectLoop(async () => 'never reached', o);
  c.abort(new Error('stop'));
  await assert.rejects(p, /stop/);
});

test('the defaults: caps 200 ms doubling to 5 s, 8 attempts, about 21 s in all', () => {
  const caps = [...reconnectDelays(resolveReconnect({}), () => 1)];
  assert.deepEqual(caps, [200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  assert.equal(
    caps.reduce((a, b) => a + b),
    21_200,
  );
});

test('reconnectLoop retries until success, stops on a fatal error, and gives up after maxAttempts', async () => {
  const fast = (o: ReconnectOptions, isFatal: (e: unknown) => boolean = () => false) => ({
    ...resolveReconnect({ initialMs: 1, maxMs: 2, ...o }),
    isFatal,
  });
  let n = 0;
  const third = async () => {
    if (++n < 3) throw new Error('refused');
    return 'back';
  };
  assert.equal(await reconnectLoop(third, fast({})), 'back');
  assert.equal(n, 3);
  let m = 0;
  const gone = (e: unknown) => (e as Error).message === 'gone';
  await assert.rejects(
    reconnectLoop(
      async () => {
        m++;
        throw new Error('gone');
      },
      fast({}, gone),
    ),
    /gone/,
  );
  assert.equal(m, 1, 'a fatal error ends the loop at once');
  let k = 0;
  const never = async () => {
    k++;
    throw new Error(`refused ${k}`);
  };
  await assert.rejects(reconnectLoop(never, fast({ maxAttempts: 4 })), /refused 4/);
  assert.equal(k, 4);
});
