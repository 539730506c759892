// Keep-alive timing: just past the server's renewal threshold, never too close to expiry, jittered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeepAlive, type Clock, type TokenTimes } from '../../../src/api/keep-alive.js';
import { type KeepAliveOptions, type ResolvedKeepAlive, resolveOptions } from '../../../src/api/options.js';

/** The keep-alive timing of a client made with these options. */
const timing = (keepAlive: KeepAliveOptions): ResolvedKeepAlive =>
  resolveOptions({ url: 'ws://bridge.test/', keepAlive }).keepAlive as ResolvedKeepAlive;

/** The delay KeepAlive.schedule() picks at `now` (timers are never fired here). */
function keepAliveDelay(t: TokenTimes, now: number, o: ResolvedKeepAlive, random = Math.random): number {
  const clock: Clock = { now: () => now, random, setTimer: () => 0, clearTimer: () => undefined };
  return new KeepAlive(async () => undefined, o, clock).schedule(t);
}

const HOUR = 3_600_000;

test('pings one second past half the lifetime, plus jitter', () => {
  const now = 1_000_000;
  const t = { expiresAt: now + HOUR, lifetimeMs: HOUR };
  assert.equal(keepAliveDelay(t, now, timing({ jitterMs: 0 })), HOUR / 2 + 1000);
  assert.equal(
    keepAliveDelay(t, now, timing({ jitterMs: 4000 }), () => 0.5),
    HOUR / 2 + 3000,
  );
});

test('never later than the safety margin before expiry, never sooner than the minimum delay', () => {
  const now = 0;
  assert.equal(
    keepAliveDelay({ expiresAt: 60_000, lifetimeMs: 60_000 }, now, timing({ jitterMs: 0, safetyMs: 40_000 })),
    20_000,
  );
  assert.equal(
    keepAliveDelay({ expiresAt: 10, lifetimeMs: 60_000 }, now, timing({ jitterMs: 0, minDelayMs: 500 })),
    500,
  );
});

test('without a known lifetime, three quarters of the time left', () => {
  assert.equal(keepAliveDelay({ expiresAt: 400_000 }, 0, timing({ jitterMs: 0, safetyMs: 0 })), 300_000);
});

test('KeepAlive arms one timer, re-arms on schedule, pings on fire, and stops for good', async () => {
  const timers: Array<{ fn: () => void; ms: number; cleared: boolean }> = [];
  let pings = 0;
  const clock: Clock = {
    now: () => 0,
    random: () => 0,
    setTimer: (fn, ms) => {
      const t = { fn, ms, cleared: false };
      timers.push(t);
      return t;
    },
    clearTimer: (h) => {
      (h as { cleared: boolean }).cleared = true;
    },
  };
  const ka = new KeepAlive(
    async () => {
      pings++;
    },
    timing({ jitterMs: 0 }),
    clock,
  );
  assert.equal(ka.schedule({ expiresAt: 60_000, lifetimeMs: 60_000 }), 31_000);
  ka.schedule({ expiresAt: 120_000, lifetimeMs: 120_000 });
  assert.equal(timers[0]!.cleared, true);
  assert.equal(timers[1]!.ms, 61_000);
  timers[1]!.fn();
  await Promise.resolve();
  assert.equal(pings, 1);
  ka.stop();
  assert.equal(ka.schedule({ expiresAt: 60_000, lifetimeMs: 60_000 }), -1);
  assert.equal(timers.length, 2);
});

test('a timer held up past the expiry (a frozen tab) sends no ping: the token can only be refused then', async () => {
  let now = 0;
  let fire: (() => void) | undefined;
  let pings = 0;
  const clock: Clock = {
    now: () => now,
    random: () => 0,
    setTimer: (fn) => {
      fire = fn;
      return 1;
    },
    clearTimer: () => undefined,
  };
  const ka = new KeepAlive(
    async () => {
      pings++;
    },
    timing({ jitterMs: 0 }),
    clock,
  );
  ka.schedule({ expiresAt: 60_000, lifetimeMs: 60_000 });
  now = 45_000; // late, but the token still lives: the ping renews it
  fire!();
  await Promise.resolve();
  assert.equal(pings, 1);
  ka.schedule({ expiresAt: 60_000, lifetimeMs: 60_000 });
  now = 60_000;
  fire!();
  await Promise.resolve();
  assert.equal(pings, 1, 'no ping with an expired token');
});
