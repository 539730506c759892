// Faults a real server cannot be made to produce on demand: timeouts and aborts that must keep the
// stream in sync, drops with calls pending, echo mismatches, malformed bytes and oversized fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseOpen } from '../../support/requests.js';
import { dbSizeRequest, dbListRequest, queryRequest, rawRequest } from '../../support/requests.js';
import {
  AbortError,
  BridgeError,
  ClientClosedError,
  ConnectionLostError,
  FrameTooLargeError,
  NotSentError,
  OutcomeUnknownError,
  ProtocolError,
  TimeoutError,
} from '../../../src/errors.js';
import { hex, i32, i64, okFrame, opened, settle, str, toHex } from './harness.js';

const OPEN_OK = okFrame(-1, 3, i32(9) + i32(3) + 'aabbcc');
const size = (sid: number, n: number) => okFrame(sid, 8, i64(n));

async function openSession(options = {}) {
  const { conn, peer } = await opened(options);
  const p = databaseOpen(conn, 'db', 'u', 'p');
  peer.push(hex(OPEN_OK));
  await p;
  peer.takeWritten();
  return { conn, peer };
}

test('a request that timed out after sending has its response consumed and dropped', async () => {
  const { conn, peer } = await openSession();
  const slow = conn.request(dbSizeRequest(), { timeoutMs: 1 });
  await assert.rejects(slow, TimeoutError);
  const next = conn.request(dbSizeRequest());
  assert.equal(conn.idle, false);
  peer.push(hex(size(9, 1)).subarray(0, 5));
  peer.push(hex(size(9, 1) + size(9, 2)).subarray(5));
  assert.equal(await next, 2);
  assert.equal(conn.idle, true);
});

test('an aborted request that was sent keeps the stream in sync; a timed-out error response is dropped too', async () => {
  const { conn, peer } = await openSession();
  const ac = new AbortController();
  const a = conn.request(dbSizeRequest(), { signal: ac.signal });
  const b = conn.request(queryRequest({ statement: 'x' }), { timeoutMs: 1 });
  const c = conn.request(dbSizeRequest());
  ac.abort(new Error('user'));
  await assert.rejects(a, AbortError);
  await assert.rejects(b, TimeoutError);
  peer.push(
    hex(
      size(9, 1) +
        '01' +
        i32(9) +
        'ffffffff' +
        '2d' +
        i32(1) +
        i32(0) +
        '01' +
        str('E') +
        str('m') +
        '00' +
        i32(0) +
        size(9, 3),
    ),
  );
  assert.equal(await c, 3);
});

test('deadlines share one timer: a shorter timeout sent later fires first; answered requests never time out', async () => {
  const { conn, peer } = await openSession();
  const answered = conn.request(dbSizeRequest(), { timeoutMs: 60_000 });
  const long = settle(conn.request(dbSizeRequest(), { timeoutMs: 60_000 }));
  const short = conn.request(dbSizeRequest(), { timeoutMs: 5 });
  const none = settle(conn.request(dbSizeRequest()));
  peer.push(hex(size(9, 1)));
  assert.equal(await answered, 1);
  await assert.rejects(short, (e: unknown) => e instanceof TimeoutError && /after 5 ms/.test(e.message));
  peer.push(hex(size(9, 2) + size(9, 3) + size(9, 4)));
  assert.deepEqual(await long, { ok: true, value: 2 }, 'the longer deadline did not fire with the shorter one');
  assert.deepEqual(
    await none,
    { ok: true, value: 4 },
    'the dropped answer of the timed-out call kept the stream in sync',
  );
  assert.equal(conn.idle, true);
  conn.close();
});

test('an already-aborted signal rejects without writing; an abort while held removes the request unsent', async () => {
  const { conn, peer } = await opened();
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(conn.request(dbSizeRequest(), { signal: ac.signal }), AbortError);
  assert.equal(peer.takeWritten().length, 0);
  const open = databaseOpen(conn, 'db', 'u', 'p');
  const ac2 = new AbortController();
  const held = conn.request(dbSizeRequest(), { signal: ac2.signal });
  peer.takeWritten();
  ac2.abort();
  await assert.rejects(held, AbortError);
  peer.push(hex(OPEN_OK));
  await open;
  assert.equal(peer.takeWritten().length, 0, 'the aborted request was never sent');
  assert.equal(conn.idle, true);
});

test('a drop rejects every pending call at once: idempotent → lost, sent writes → outcome unknown, held → lost', async () => {
  const { conn, peer } = await opened();
  const open = settle(databaseOpen(conn, 'db', 'u', 'p'));
  const held = settle(conn.request(dbSizeRequest()));
  const closes: Array<Error | undefined> = [];
  conn.onClose((e) => closes.push(e));
  peer.drop();
  const [o, h] = await Promise.all([open, held]);
  assert.ok(!o.ok && o.error instanceof ConnectionLostError);
  assert.ok(!h.ok && h.error instanceof ConnectionLostError);
  assert.equal(closes.length, 1);
  assert.ok(closes[0] instanceof ConnectionLostError);

  const s = await openSession();
  const write = settle(s.conn.request(queryRequest({ statement: 'update x', mode: 'command' })));
  const read = settle(s.conn.request(queryRequest({ statement: 'select' })));
  s.peer.drop();
  const [w, r] = await Promise.all([write, read]);
  assert.ok(!w.ok && w.error instanceof OutcomeUnknownError);
  assert.ok(!r.ok && r.error instanceof ConnectionLostError);
  await assert.rejects(s.conn.request(dbSizeRequest()), ConnectionLostError);
});

test('a close the transport reports as unsent (a bridge refusing early data) fails every pending call, writes included, with NotSentError', async () => {
  const s = await openSession();
  const write = settle(s.conn.request(queryRequest({ statement: 'update x', mode: 'command' })));
  const read = settle(s.conn.request(queryRequest({ statement: 'select' })));
  const closes: Array<Error | undefined> = [];
  s.conn.onClose((e) => closes.push(e));
  const refusal = new BridgeError(4404, 'unknown or expired resume id');
  s.peer.drop(refusal, { unsent: true });
  const [w, r] = await Promise.all([write, read]);
  for (const outcome of [w, r]) {
    assert.ok(!outcome.ok && outcome.error instanceof NotSentError);
    assert.equal(outcome.error.cause, refusal);
  }
  assert.deepEqual(closes, [refusal]);
});

test('close() fails pending calls with ClientClosedError, reports no error, and later calls fail', async () => {
  const { conn, peer } = await openSession();
  const closes: Array<Error | undefined> = [];
  conn.onClose((e) => closes.push(e));
  const p = conn.request(dbSizeRequest());
  conn.close({ park: true });
  await assert.rejects(p, ClientClosedError);
  assert.deepEqual(closes, [undefined]);
  assert.deepEqual(peer.closedByClient, { park: true });
  await assert.rejects(conn.request(dbSizeRequest()), ClientClosedError);
});

async function expectFatal(frame: string, errorClass: new (...a: never[]) => Error, options = {}) {
  const { conn, peer } = await openSession(options);
  const closes: Array<Error | undefined> = [];
  conn.onClose((e) => closes.push(e));
  const a = settle(conn.request(dbListRequest()));
  const b = settle(conn.request(dbSizeRequest()));
  peer.push(hex(frame));
  const [ra, rb] = await Promise.all([a, b]);
  assert.ok(!ra.ok && ra.error instanceof errorClass, `first call: ${!ra.ok && ra.error}`);
  assert.ok(!rb.ok && rb.error instanceof errorClass, `second call: ${!rb.ok && rb.error}`);
  assert.equal(closes.length, 1);
  assert.ok(closes[0] instanceof errorClass);
  assert.ok(peer.closedByClient, 'the stream is closed');
  assert.equal(conn.closed, true);
}

test('an opcode echo mismatch is a ProtocolError that closes the connection', async () => {
  await expectFatal(size(9, 1), ProtocolError);
});

test('a session echo mismatch is a ProtocolError', async () => {
  await expectFatal(okFrame(10, 74, i32(0)), ProtocolError);
});

test('an unknown status byte and an unknown push id are ProtocolErrors', async () => {
  await expectFatal('07' + i32(9), ProtocolError);
  await expectFatal('03' + '77', ProtocolError);
});

test('a body that does not decode (garbage document) is a ProtocolError', async () => {
  await expectFatal(okFrame(9, 74, i32(3) + 'ffffff'), ProtocolError);
});

test('a field longer than maxFieldBytes is FrameTooLargeError before its bytes arrive', async () => {
  await expectFatal(okFrame(9, 74, i32(1 << 20)), FrameTooLargeError, { maxFieldBytes: 1024 });
});

test('bytes with no request in flight are a ProtocolError', async () => {
  const { conn, peer } = await openSession();
  const closes: Array<Error | undefined> = [];
  conn.onClose((e) => closes.push(e));
  peer.push(hex(size(9, 1)));
  assert.ok(closes[0] instanceof ProtocolError);
  await assert.rejects(conn.request(dbSizeRequest()), ProtocolError);
});

test('an encoder that throws rejects only its own call and writes nothing', async () => {
  const { conn, peer } = await openSession();
  await assert.rejects(
    conn.request(
      rawRequest(8, () => 0, {
        write: () => {
          throw new RangeError('bad arg');
        },
      }),
    ),
    RangeError,
  );
  assert.equal(toHex(peer.takeWritten()), '');
  const p = conn.request(dbSizeRequest());
  peer.push(hex(size(9, 4)));
  assert.equal(await p, 4);
});
