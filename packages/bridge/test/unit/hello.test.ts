import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pack } from 'msgpackr';
import { decodeHello, decodeWelcome, encodeHello, encodeWelcome } from '../../src/hello.js';

const dec = (value: unknown) => decodeHello(pack(value), true);

test('a valid hello decodes, with and without optional fields', () => {
  assert.deepEqual(decodeHello(encodeHello({ v: 1 }), true), { ok: true, hello: { v: 1 } });
  assert.deepEqual(dec({ v: 1, resume: 'abc', upstream: 'eu', extra: 5 }), { ok: true, hello: { v: 1, resume: 'abc', upstream: 'eu' } });
  // fixmap { "v": 1 } written by hand
  assert.deepEqual(decodeHello(Buffer.from([0x81, 0xa1, 0x76, 0x01]), true), { ok: true, hello: { v: 1 } });
});

test('missing, malformed, truncated and text hellos are 4400; other versions 4426', () => {
  const code = (r: ReturnType<typeof decodeHello>) => (r.ok ? 0 : r.code);
  assert.equal(code(decodeHello(Buffer.alloc(0), true)), 4400);
  assert.equal(code(decodeHello(Buffer.from('garbage!'), true)), 4400);
  assert.equal(code(decodeHello(encodeHello({ v: 1, resume: 'abcdef' }).subarray(0, 6), true)), 4400);
  assert.equal(code(decodeHello(Buffer.concat([encodeHello({ v: 1 }), Buffer.from([0])]), true)), 4400);
  assert.equal(code(decodeHello(encodeHello({ v: 1 }), false)), 4400);
  assert.equal(code(dec([1])), 4400);
  assert.equal(code(dec(1)), 4400);
  assert.equal(code(dec({})), 4400);
  assert.equal(code(dec({ v: '1' })), 4400);
  assert.equal(code(dec({ v: 1, resume: 5 })), 4400);
  assert.equal(code(dec({ v: 1, upstream: '' })), 4400);
  assert.equal(code(decodeHello(Buffer.alloc(2000, 0x90), true)), 4400);
  assert.equal(code(dec({ v: 2 })), 4426);
  assert.equal(code(dec({ v: 0 })), 4426);
});

test('the welcome round-trips and is a plain msgpack map', () => {
  const w = { v: 1, resumeId: 'x'.repeat(22), resumed: false, upstream: 'default', limits: { maxPayload: 1, idleTimeoutMs: 2, parkGraceMs: 3 } };
  const bytes = encodeWelcome(w);
  assert.equal(bytes[0]! & 0xf0, 0x80);
  assert.deepEqual(decodeWelcome(bytes), w);
});
