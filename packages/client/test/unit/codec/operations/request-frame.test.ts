// The request scanner: framing from the first request, the legacy header's token rules, every split offset
// and byte by byte, typed errors for lying or unknown requests, and bounded buffering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RecordId } from '../../../../src/codec/record-id.js';
import { FrameTooLargeError, OrientDBError, ProtocolError } from '../../../../src/errors.js';
import * as op from '../../../../src/codec/operations/opcodes.js';
import {
  readRequest,
  RequestScanner,
  UnknownOperationError,
  type ScannedRequest,
} from '../../../../src/codec/operations/request-frame.js';
import { operationOf } from '../../../../src/codec/operations/table.js';
import type { TxOperation } from '../../../../src/codec/operations/transactions.js';
import { bytes, hex, i16, i32, str } from './fixtures.js';
import { CASES, concat, frame, LEGACY_CASES, TOKEN } from './operation-cases.js';

/** What a test compares: everything but the operation object. */
const summary = (q: ScannedRequest) => ({
  opcode: q.opcode,
  framing: q.framing,
  sessionId: q.sessionId,
  token: q.token,
  args: q.args,
  start: q.start,
  end: q.end,
});

/** A handshake stream with every handshake case, and a legacy one with every legacy case (tokens where the server reads them). */
function handshakeStream(): Uint8Array {
  const handshake = CASES.find((c) => c.opcode === op.REQUEST_HANDSHAKE)!;
  return concat([
    frame(op.REQUEST_HANDSHAKE, handshake.args, 'handshake'),
    ...CASES.map((c) => frame(c.opcode, c.args, 'handshake', c.opcode === op.REQUEST_DB_OPEN ? -1 : 7)),
  ]);
}
function legacyStream(): Uint8Array {
  return concat(
    LEGACY_CASES.filter((c) => c.opcode !== op.REQUEST_HANDSHAKE && c.opcode !== op.REQUEST_DB_REOPEN).map((c) => {
      const login =
        c.opcode === op.REQUEST_CONNECT || c.opcode === op.REQUEST_DB_OPEN || c.opcode === op.REQUEST_SHUTDOWN;
      return frame(c.opcode, c.args, 'legacy', -1, login ? null : TOKEN);
    }),
  );
}

function scanAll(data: Uint8Array, splits: number[], scanner = new RequestScanner()): ScannedRequest[] {
  const out: ScannedRequest[] = [];
  let at = 0;
  // args are views valid until the next push: compare them at once
  for (const to of [...splits, data.length]) {
    out.push(...scanner.push(data.subarray(at, to)).map((q) => structuredClone(summary(q)) as ScannedRequest));
    at = to;
  }
  assert.equal(scanner.buffered, 0);
  return out;
}

test('a stream that starts with REQUEST_HANDSHAKE is read in handshake framing, every operation with its args', () => {
  const data = handshakeStream();
  const scanner = new RequestScanner();
  assert.equal(scanner.framing, undefined);
  const got = scanner.push(data);
  assert.equal(scanner.framing, 'handshake');
  assert.equal(got.length, CASES.length + 1);
  for (const [i, c] of CASES.entries()) {
    const q = got[i + 1]!;
    assert.equal(q.opcode, c.opcode);
    assert.equal(q.operation, operationOf(c.opcode));
    assert.equal(q.framing, 'handshake');
    assert.equal(q.sessionId, c.opcode === op.REQUEST_HANDSHAKE ? null : c.opcode === op.REQUEST_DB_OPEN ? -1 : 7);
    assert.deepEqual(q.token, c.opcode === op.REQUEST_HANDSHAKE ? null : TOKEN);
    assert.deepEqual(q.args, c.read ?? c.args, operationOf(c.opcode)!.name);
  }
  assert.equal(got.at(-1)!.end, data.length);
  for (let i = 1; i < got.length; i++) assert.equal(got[i]!.start, got[i - 1]!.end);
});

test('a stream that starts with anything else is legacy: no token on CONNECT, DB_OPEN and SHUTDOWN, one on the rest', () => {
  const data = legacyStream();
  const scanner = new RequestScanner();
  const got = scanner.push(data);
  assert.equal(scanner.framing, 'legacy');
  const cases = LEGACY_CASES.filter((c) => c.opcode !== op.REQUEST_HANDSHAKE && c.opcode !== op.REQUEST_DB_REOPEN);
  assert.equal(got.length, cases.length);
  for (const [i, c] of cases.entries()) {
    const login =
      c.opcode === op.REQUEST_CONNECT || c.opcode === op.REQUEST_DB_OPEN || c.opcode === op.REQUEST_SHUTDOWN;
    assert.deepEqual(got[i]!.token, login ? null : TOKEN, operationOf(c.opcode)!.name);
    assert.deepEqual(got[i]!.args, c.read ?? c.args, operationOf(c.opcode)!.name);
  }
});

test('legacy DB_REOPEN carries a token only without a session id; a session opened without tokens sends none', () => {
  const login = LEGACY_CASES[0]!.args as { legacy: object };
  const noToken = { ...login, legacy: { ...login.legacy, tokenSession: false } };
  const data = concat([
    frame(op.REQUEST_DB_REOPEN, undefined, 'legacy', -1, TOKEN),
    frame(op.REQUEST_DB_REOPEN, undefined, 'legacy', 5, null),
    frame(op.REQUEST_CONNECT, noToken, 'legacy', -1, null),
    frame(op.REQUEST_DB_SIZE, undefined, 'legacy', 12, null),
    frame(op.REQUEST_DB_SIZE, undefined, 'legacy', -1, TOKEN),
  ]);
  const got = new RequestScanner().push(data);
  assert.deepEqual(
    got.map((q) => [q.opcode, q.sessionId, q.token]),
    [
      [op.REQUEST_DB_REOPEN, -1, TOKEN],
      [op.REQUEST_DB_REOPEN, 5, null],
      [op.REQUEST_CONNECT, -1, null],
      [op.REQUEST_DB_SIZE, 12, null],
      [op.REQUEST_DB_SIZE, -1, TOKEN],
    ],
  );
});

test('a handshake later in a legacy stream switches it to handshake framing, as the server does', () => {
  const data = concat([
    frame(op.REQUEST_DB_SIZE, undefined, 'legacy', -1, TOKEN),
    frame(op.REQUEST_HANDSHAKE, CASES[0]!.args, 'handshake'),
    frame(op.REQUEST_DB_OPEN, { database: 'd', user: 'u', password: 'p' }, 'handshake', -1, null),
  ]);
  const scanner = new RequestScanner();
  const got = scanner.push(data);
  assert.deepEqual(
    got.map((q) => q.framing),
    ['legacy', 'handshake', 'handshake'],
  );
  assert.deepEqual(got[2]!.args, { database: 'd', user: 'u', password: 'p' });
  assert.equal(scanner.framing, 'handshake');
});

test('a resumed stream starts in the framing it is given', () => {
  const data = frame(op.REQUEST_DB_SIZE, undefined, 'handshake', 3, null);
  const [q] = new RequestScanner({ framing: 'handshake' }).push(data);
  assert.equal(q!.framing, 'handshake');
  assert.equal(q!.token, null);
  assert.equal(new RequestScanner().push(data)[0]!.framing, 'legacy');
});

for (const [name, make] of [
  ['handshake', handshakeStream],
  ['legacy', legacyStream],
] as const) {
  test(`the ${name} stream split at every offset reads the same requests`, () => {
    const data = make();
    const whole = scanAll(data, []);
    for (let at = 0; at <= data.length; at++) assert.deepEqual(scanAll(data, [at]), whole, `split at ${at}`);
  });

  test(`the ${name} stream fed byte by byte reads the same requests`, () => {
    const data = make();
    const whole = scanAll(data, []);
    const scanner = new RequestScanner();
    assert.deepEqual(
      scanAll(
        data,
        Array.from({ length: data.length - 1 }, (_, i) => i + 1),
        scanner,
      ),
      whole,
    );
    assert.ok(scanner.readerCalls <= data.length + whole.length, `${scanner.readerCalls} reader calls`);
  });
}

test('random splits into many pieces read the same requests (property)', () => {
  const data = handshakeStream();
  const whole = scanAll(data, []);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer({ min: 1, max: data.length - 1 }), { maxLength: 40 }), (cuts) => {
      assert.deepEqual(
        scanAll(
          data,
          cuts.sort((a, b) => a - b),
        ),
        whole,
      );
    }),
    { numRuns: 200 },
  );
});

test('an unknown opcode is a typed error naming it, at its first byte, and the scanner stays failed', () => {
  const scanner = new RequestScanner();
  const good = frame(op.REQUEST_DB_SIZE, undefined, 'legacy', -1, TOKEN);
  assert.equal(scanner.push(good).length, 1);
  const e = assert.throws(
    () => scanner.push(Uint8Array.of(99)),
    (e: unknown) => {
      assert.ok(e instanceof UnknownOperationError && e instanceof ProtocolError && e instanceof OrientDBError);
      assert.equal(e.opcode, 99);
      assert.equal(e.code, 'ERR_PROTOCOL');
      assert.match(e.message, /opcode 99/);
      return true;
    },
  );
  void e;
  assert.throws(() => scanner.push(good), UnknownOperationError, 'every later push fails the same way');
  assert.equal(scanner.buffered, 0);
});

test('lying lengths: a negative token or string length is a ProtocolError, an absurd one FrameTooLargeError', () => {
  const neg = (s: string) => () => new RequestScanner({ framing: 'handshake' }).push(hex(s));
  assert.throws(neg('08' + i32(1) + i32(-5)), ProtocolError);
  assert.throws(neg('2e' + i32(1) + i32(0) + i32(-2)), ProtocolError);
  assert.throws(neg('1f' + i32(1) + i32(0) + i16(-1) + '7fffffff'), FrameTooLargeError);
  assert.throws(neg('2e' + i32(1) + '7ffffff0'), FrameTooLargeError);
});

test('a request beyond maxRequestSize fails as soon as its size is known, not after buffering it', () => {
  const big = frame(
    op.REQUEST_RECORD_CREATE,
    { clusterId: 1, content: new Uint8Array(5000), recordType: 100 },
    'handshake',
  );
  const scanner = new RequestScanner({ framing: 'handshake', maxRequestSize: 4096 });
  assert.throws(() => scanner.push(big.subarray(0, 30)), FrameTooLargeError);
  // a transaction that grows entry by entry past the limit
  const ops: TxOperation[] = Array.from({ length: 100 }, (_, i) => ({
    type: 'delete',
    rid: new RecordId(1, i),
    recordType: 100,
    version: 1,
  }));
  const tx = frame(op.REQUEST_TX_COMMIT, { txId: 1, operations: ops }, 'handshake');
  const s2 = new RequestScanner({ framing: 'handshake', maxRequestSize: 1000 });
  assert.throws(() => {
    for (let at = 0; at < tx.length; at += 100) s2.push(tx.subarray(at, at + 100));
  }, FrameTooLargeError);
  assert.ok(s2.buffered <= 1000);
});

test('requests the framing lacks, or bodies the client never writes, are ProtocolErrors', () => {
  assert.throws(
    () => new RequestScanner().push(frame(op.REQUEST_TX_BEGIN, { txId: 1, operations: null }, 'legacy', -1, TOKEN)),
    /needs a handshake/,
  );
  assert.throws(
    () => new RequestScanner({ framing: 'handshake' }).push(hex('64' + i32(1) + bytes('aa') + '01')),
    /push kind 1/,
  );
  assert.throws(() => readRequest(hex('2d' + i32(1) + bytes('aa') + str('sql') + str('x') + '09')), /operation type 9/);
  assert.throws(() => readRequest(hex('2d' + i32(1) + bytes('aa') + str('sql'))), /truncated request/);
});

test('random bytes never hang or escape as anything but an OrientDBError (property)', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ maxLength: 200 }),
      fc.boolean(),
      fc.integer({ min: 1, max: 16 }),
      (data, handshake, step) => {
        const scanner = new RequestScanner({ framing: handshake ? 'handshake' : undefined, maxRequestSize: 4096 });
        try {
          for (let at = 0; at < data.length; at += step) scanner.push(data.subarray(at, at + step));
          assert.ok(scanner.buffered <= data.length);
        } catch (e) {
          assert.ok(e instanceof OrientDBError, String(e));
        }
      },
    ),
    { numRuns: 2000 },
  );
});
