// Base64URL round trips against node's own encoder (the client's must not use Buffer).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBase64Url, encodeBase64Url } from '../../../src/tokens/base64url.js';

test('encodes like Buffer base64url and decodes back, for any bytes', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (b) => {
      const text = encodeBase64Url(b);
      assert.equal(text, Buffer.from(b).toString('base64url'));
      assert.deepEqual(decodeBase64Url(text), b);
      assert.deepEqual(decodeBase64Url(Buffer.from(b).toString('base64')), b);
    }),
  );
});

test('rejects characters outside the alphabet and impossible lengths', () => {
  assert.equal(decodeBase64Url('ab$d'), null);
  assert.equal(decodeBase64Url('abcde'), null);
  assert.equal(decodeBase64Url('é'), null);
});
