// Failed logins per address and per user in a fixed window, on an injected clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LoginThrottle } from '../../src/login-throttle.js';

test('five failures from an address block it, not others, until its window ends', () => {
  let now = 0;
  const t = new LoginThrottle({ perAddress: 5, perUser: 20, windowMs: 60_000 }, () => now);
  for (let i = 0; i < 5; i++) {
    assert.equal(t.blocked('10.0.0.1', `u${i}`), undefined);
    t.failed('10.0.0.1', `u${i}`);
  }
  assert.equal(t.blocked('10.0.0.1', 'someone'), 'address');
  assert.equal(t.blocked('10.0.0.2', 'someone'), undefined);
  now = 59_999;
  assert.equal(t.blocked('10.0.0.1', 'someone'), 'address');
  now = 60_000;
  assert.equal(t.blocked('10.0.0.1', 'someone'), undefined);
});

test('twenty failures as one user from many addresses block that user everywhere', () => {
  let now = 0;
  const t = new LoginThrottle({ perAddress: 5, perUser: 20, windowMs: 60_000 }, () => now);
  for (let i = 0; i < 20; i++) t.failed(`10.0.1.${i}`, 'root');
  assert.equal(t.blocked('10.0.2.1', 'root'), 'user');
  assert.equal(t.blocked('10.0.2.1', 'admin'), undefined);
  now = 61_000;
  assert.equal(t.blocked('10.0.2.1', 'root'), undefined);
});

test('a forgiven login (it succeeded) no longer counts', () => {
  const t = new LoginThrottle({ perAddress: 2, perUser: 20, windowMs: 60_000 }, () => 0);
  t.failed('a', 'u');
  t.failed('a', 'u');
  assert.equal(t.blocked('a', 'u'), 'address');
  t.forgive('a', 'u');
  assert.equal(t.blocked('a', 'u'), undefined);
});
