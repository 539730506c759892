// The binary token payload reader, on bytes laid out by hand from OBinaryTokenPayloadImpl.serialize.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeTokenPayload, tokenExpiresAt } from '../../../src/codec/token-payload.js';
import { ProtocolError } from '../../../src/errors.js';

/** Big-endian bytes from a list of [kind, value] pairs, written without the codec's Writer. */
function bytes(
  parts: Array<['i8' | 'i16' | 'i64', number | bigint] | ['s16', string | null] | ['raw', number[]]>,
): Uint8Array {
  const out: number[] = [];
  for (const [kind, v] of parts) {
    if (kind === 'i8') out.push(Number(v) & 0xff);
    else if (kind === 'i16') out.push((Number(v) >> 8) & 0xff, Number(v) & 0xff);
    else if (kind === 'i64') {
      const b = BigInt.asUintN(64, BigInt(v as number | bigint));
      for (let s = 56n; s >= 0n; s -= 8n) out.push(Number((b >> s) & 0xffn));
    } else if (kind === 's16') {
      if (v === null) out.push(0xff, 0xff);
      else {
        const e = [...new TextEncoder().encode(v as string)];
        out.push((e.length >> 8) & 0xff, e.length & 0xff, ...e);
      }
    } else out.push(...(v as number[]));
  }
  return Uint8Array.from(out);
}

const EXPIRY = 1_764_150_000_123;
const SIG = Array.from({ length: 32 }, (_, i) => i);

test('a database user token: database, storage type, user rid, expiry, protocol and driver', () => {
  const t = decodeTokenPayload(
    bytes([
      ['i8', 0],
      ['i8', 0],
      ['i8', 0],
      ['s16', 'tinkerhome'],
      ['i8', 0],
      ['i16', 5],
      ['i64', 0],
      ['i64', EXPIRY],
      ['i8', 0],
      ['i16', 38],
      ['s16', 'ORecordSerializerNetworkV37'],
      ['s16', 'orientdb-edge'],
      ['s16', '0.1.0'],
      ['raw', SIG],
    ]),
  );
  assert.equal(t.type, 'OrientDB');
  assert.equal(t.database, 'tinkerhome');
  assert.equal(t.databaseType, 'plocal');
  assert.deepEqual(t.userRid, { cluster: 5, position: 0 });
  assert.equal(t.expiresAt, EXPIRY);
  assert.equal(t.serverUser, false);
  assert.equal(t.userName, null);
  assert.equal(t.protocolVersion, 38);
  assert.equal(t.serializer, 'ORecordSerializerNetworkV37');
  assert.equal(t.driverName, 'orientdb-edge');
  assert.equal(t.driverVersion, '0.1.0');
  assert.deepEqual([...t.signature], SIG);
});

test('a server user token: no database, no rid, the user name after the flag', () => {
  const t = decodeTokenPayload(
    bytes([
      ['i8', 0],
      ['i8', 0],
      ['i8', 0],
      ['s16', null],
      ['i8', -1],
      ['i16', -1],
      ['i64', -1],
      ['i64', EXPIRY],
      ['i8', 1],
      ['s16', 'röot'],
      ['i16', 37],
      ['s16', null],
      ['s16', 'd'],
      ['s16', ''],
      ['raw', SIG],
    ]),
  );
  assert.equal(t.database, null);
  assert.equal(t.databaseType, null);
  assert.equal(t.userRid, null);
  assert.equal(t.serverUser, true);
  assert.equal(t.userName, 'röot');
  assert.equal(t.protocolVersion, 37);
  assert.equal(t.serializer, null);
  assert.equal(t.driverVersion, '');
  assert.equal(
    tokenExpiresAt(
      bytes([
        ['i8', 0],
        ['i8', 0],
        ['i8', 0],
        ['s16', null],
        ['i8', -1],
        ['i16', -1],
        ['i64', -1],
        ['i64', EXPIRY],
        ['i8', 1],
        ['s16', 'root'],
        ['i16', 37],
        ['s16', null],
        ['s16', 'd'],
        ['s16', ''],
        ['raw', SIG],
      ]),
    ),
    EXPIRY,
  );
});

test('every truncation of a token is a ProtocolError, never a wrong value', () => {
  const full = bytes([
    ['i8', 0],
    ['i8', 0],
    ['i8', 0],
    ['s16', 'db'],
    ['i8', 1],
    ['i16', 5],
    ['i64', 3],
    ['i64', EXPIRY],
    ['i8', 0],
    ['i16', 38],
    ['s16', 's'],
    ['s16', 'n'],
    ['s16', 'v'],
  ]);
  assert.equal(decodeTokenPayload(full).databaseType, 'memory');
  for (let cut = 0; cut < full.length; cut++) {
    assert.throws(() => decodeTokenPayload(full.subarray(0, cut)), ProtocolError, `cut at ${cut}`);
    assert.equal(tokenExpiresAt(full.subarray(0, cut)), undefined);
  }
});

test('a distributed "node" token or an unknown type is refused', () => {
  assert.throws(() => decodeTokenPayload(Uint8Array.of(1, 0, 0)), /not a client token/);
  assert.throws(() => decodeTokenPayload(Uint8Array.of(7, 0, 0)), /unknown session token type 7/);
});
