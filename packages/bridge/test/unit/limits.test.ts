import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PerIpCounter, RateLimiter } from '../../src/limits.js';

test('per-IP counts go up and down and forget zeroes', () => {
  const c = new PerIpCounter();
  c.add('a');
  c.add('a');
  c.add('b');
  assert.equal(c.get('a'), 2);
  c.remove('a');
  c.remove('a');
  assert.equal(c.get('a'), 0);
  assert.equal(c.get('b'), 1);
});

test('the token bucket allows a burst of rate, then refills with time', () => {
  let now = 0;
  const r = new RateLimiter(3, () => now);
  assert.deepEqual([r.take('x'), r.take('x'), r.take('x'), r.take('x')], [true, true, true, false]);
  assert.equal(r.take('y'), true);
  now += 334;
  assert.equal(r.take('x'), true);
  assert.equal(r.take('x'), false);
  now += 10_000;
  r.sweep();
  assert.deepEqual([r.take('x'), r.take('x'), r.take('x'), r.take('x')], [true, true, true, false]);
});

test('rate 0 is unlimited', () => {
  const r = new RateLimiter(0, () => 0);
  for (let i = 0; i < 1000; i++) assert.equal(r.take('x'), true);
});
