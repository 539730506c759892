// The session string of getSessionToken()/setSessionToken(): round trip and refusal of foreign strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeSessionHandle, encodeSessionHandle, type SessionHandle } from '../../../src/api/session-token.js';
import { InvalidArgumentError } from '../../../src/errors.js';

test('a session handle survives the round trip through its string', () => {
  fc.assert(
    fc.property(
      fc.record({
        kind: fc.constantFrom('database' as const, 'server' as const),
        sessionId: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
        database: fc.string({ maxLength: 40 }),
        resumeId: fc.stringMatching(/^[A-Za-z0-9_-]{0,43}$/),
        token: fc.uint8Array({ minLength: 1, maxLength: 300 }),
      }),
      (h: SessionHandle) => {
        const s = encodeSessionHandle(h);
        assert.match(s, /^oe1\.[A-Za-z0-9_-]+$/);
        const back = decodeSessionHandle(s);
        assert.deepEqual({ ...back, token: [...back.token] }, { ...h, token: [...h.token] });
      },
    ),
  );
});

test('strings that are not session tokens are refused with InvalidArgumentError', () => {
  const good = encodeSessionHandle({
    kind: 'database',
    sessionId: 7,
    database: 'db',
    resumeId: '',
    token: new Uint8Array([1, 2, 3]),
  });
  for (const bad of [
    '',
    'abc',
    'oe1.',
    'oe1.!!!',
    'oe2.' + good.slice(4),
    good.slice(0, 8),
    'oe1.' + btoa('\x09\x01').replace(/=/g, ''),
  ]) {
    assert.throws(() => decodeSessionHandle(bad), InvalidArgumentError, bad);
  }
});

/** A database user's token payload (OBinaryTokenPayloadImpl layout) naming `database`, then a fake signature. */
function tokenNaming(database: string): Uint8Array {
  const enc = new TextEncoder();
  const s16 = (s: string) => [(enc.encode(s).length >> 8) & 255, enc.encode(s).length & 255, ...enc.encode(s)];
  const i64 = (n: bigint) =>
    Array.from({ length: 8 }, (_, i) => Number((BigInt.asUintN(64, n) >> BigInt(56 - 8 * i)) & 255n));
  return Uint8Array.from([
    0,
    0,
    0,
    ...s16(database),
    0,
    0,
    5,
    ...i64(0n),
    ...i64(1_900_000_000_000n),
    0,
    0,
    38,
    ...s16('ORecordSerializerNetworkV37'),
    ...s16('orientdb-edge'),
    ...s16('0.1.0'),
    ...new Array(32).fill(7),
  ]);
}

test("a session string whose token names another database reports the token's: the server opens that one", async () => {
  const { OrientDB } = await import('../../../src/api/client.js');
  const { memoryTransport } = await import('../../support/memory-transport.js');
  const client = new OrientDB({
    transport: memoryTransport().transport,
    tokenStore: null,
    keepAlive: false,
    crossTab: false,
  });
  const s = encodeSessionHandle({
    kind: 'database',
    sessionId: 3,
    database: 'first',
    resumeId: '',
    token: tokenNaming('second'),
  });
  client.setSessionToken(s);
  assert.equal(client.database, 'second');
  await client.close();
});
