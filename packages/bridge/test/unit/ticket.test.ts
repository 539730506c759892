// Tickets: what mintTicket signs, verifyTicket accepts only within its lifetime (with a little clock
// skew), for the Origin it names, under the same secret, untouched.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mintTicket } from '../../src/index.js';
import { verifyTicket } from '../../src/ticket.js';

const secret = 'a-ticket-secret-of-at-least-32-chars!';
const origin = 'https://app.example';
const now = 1_760_000_000_000;
const mint = (o: Partial<Parameters<typeof mintTicket>[0]> = {}) =>
  mintTicket({ secret, user: 'alice', origin, ttlMs: 60_000, now, ...o });

test('a fresh ticket names its user and expiry; two mints differ', () => {
  const t = mint();
  assert.match(t, /^[A-Za-z0-9_-]+$/);
  assert.deepEqual(verifyTicket(t, secret, origin, now), { ok: true, user: 'alice', expiresAt: now + 60_000 });
  assert.notEqual(mint(), t);
  assert.equal(Buffer.from(t, 'base64url')[0], 1, 'version byte');
  const unicode = mint({ user: 'zoë@例え' });
  assert.deepEqual(verifyTicket(unicode, secret, origin, now), { ok: true, user: 'zoë@例え', expiresAt: now + 60_000 });
});

test('expired: refused past expiry plus 5 s of skew, also when replayed later', () => {
  const t = mint();
  assert.equal(verifyTicket(t, secret, origin, now + 60_000 + 5_000).ok, true);
  assert.deepEqual(verifyTicket(t, secret, origin, now + 60_000 + 5_001), { ok: false, why: 'expired' });
  assert.deepEqual(verifyTicket(t, secret, origin, now + 3_600_000), { ok: false, why: 'expired' });
});

test('wrong Origin, or none: refused', () => {
  const t = mint();
  assert.deepEqual(verifyTicket(t, secret, 'https://evil.example', now), { ok: false, why: 'origin' });
  assert.deepEqual(verifyTicket(t, secret, 'https://app.example:443', now), { ok: false, why: 'origin' });
  assert.deepEqual(verifyTicket(t, secret, undefined, now), { ok: false, why: 'origin' });
});

test('wrong secret or any changed byte: refused as a bad signature', () => {
  const t = mint();
  assert.deepEqual(verifyTicket(t, 'another-secret-of-at-least-32-chars!!', origin, now), {
    ok: false,
    why: 'signature',
  });
  const bytes = Buffer.from(t, 'base64url');
  for (const at of [1, 7, 16, 20, bytes.length - 1]) {
    const tampered = Buffer.from(bytes);
    tampered[at]! ^= 0x01;
    assert.deepEqual(verifyTicket(tampered.toString('base64url'), secret, origin, now), {
      ok: false,
      why: 'signature',
    });
  }
  // A later expiry written over the signed one.
  const extended = Buffer.from(bytes);
  extended.writeUIntBE(now + 10 * 60_000, 1, 6);
  assert.equal(verifyTicket(extended.toString('base64url'), secret, origin, now + 120_000).ok, false);
});

test('malformed, unknown version, too long-lived: refused', () => {
  assert.deepEqual(verifyTicket('', secret, origin, now), { ok: false, why: 'malformed' });
  assert.deepEqual(verifyTicket('not a ticket!', secret, origin, now), { ok: false, why: 'malformed' });
  assert.deepEqual(verifyTicket('A'.repeat(10_000), secret, origin, now), { ok: false, why: 'malformed' });
  const v2 = Buffer.from(mint(), 'base64url');
  v2[0] = 2;
  assert.deepEqual(verifyTicket(v2.toString('base64url'), secret, origin, now), { ok: false, why: 'version' });
  // Signed by someone holding the secret but valid for hours: the bridge still refuses it.
  const longLived = mint({ ttlMs: 5 * 60_000, now: now + 3_600_000 });
  assert.deepEqual(verifyTicket(longLived, secret, origin, now), { ok: false, why: 'too_long_lived' });
});

test('mintTicket refuses a short secret, a bad lifetime, an empty user or origin', () => {
  assert.throws(() => mint({ secret: 'short' }), RangeError);
  assert.throws(() => mint({ ttlMs: 0 }), RangeError);
  assert.throws(() => mint({ ttlMs: 6 * 60_000 }), RangeError);
  assert.throws(() => mint({ user: '' }), RangeError);
  assert.throws(() => mint({ origin: '' }), RangeError);
});
