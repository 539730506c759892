// LiveQuery routing and endings against an in-memory peer: faults a real server cannot be made to
// produce on demand (ERROR pushes, pushes racing the subscribe answer, interleaving, drops).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { subscribeLive, type LiveEvent } from '../../../src/api/live-query.js';
import { readDocument } from '../../../src/codec/document.js';
import { SUBSCRIBE_LIVE_QUERY_REQUEST_READER } from '../../../src/codec/operations/live.js';
import { Reader } from '../../../src/codec/reader.js';
import { ClientClosedError, ConnectionLostError, LiveQueryError } from '../../../src/errors.js';
import { hex, i32, okFrame, opened, pushBytewise, settle, str } from '../session/harness.js';
import { SUBSCRIBE_PUSH as SUBSCRIBE, UNSUBSCRIBE_PUSH as UNSUBSCRIBE } from '../../../src/codec/operations/opcodes.js';

/** A PROJECTION result item holding { name: <ascii> } (OResult: count, name, STRING, value, no metadata). */
function nameItem(name: string): string {
  const text = Array.from(name, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  const body = '02' + '08' + '6e616d65' + '07' + (name.length * 2).toString(16).padStart(2, '0') + text + '00';
  return '04' + i32(body.length / 2) + body;
}
const livePush = (monitorId: number, status: number, events: string[]): string =>
  '03' + '51' + i32(monitorId) + status.toString(16).padStart(2, '0') + i32(events.length) + events.join('');
const create = (name: string) => '01' + nameItem(name);
const update = (name: string, before: string) => '02' + nameItem(name) + nameItem(before);
const remove = (name: string) => '03' + nameItem(name);
const errorPush = (monitorId: number, message: string) =>
  '03' + '51' + i32(monitorId) + '03' + i32(0) + i32(5) + str(message);

async function next(it: AsyncIterator<LiveEvent>): Promise<LiveEvent> {
  const r = await it.next();
  assert.equal(r.done, false);
  return r.value as LiveEvent;
}

test('events are routed by monitor id, including those pushed before the subscribe answer', async () => {
  const { conn, peer } = await opened();
  const subscribingW = peer.nextWrite();
  const subscribing = subscribeLive(conn, 'SELECT FROM V WHERE zone = :zone', { zone: 'kitchen' });
  const written = await subscribingW;
  assert.equal(written[0], SUBSCRIBE);
  peer.push(hex(livePush(7, 1, [create('early')]) + livePush(8, 1, [create('someone else')])));
  peer.push(hex(okFrame(-1, SUBSCRIBE, i32(7))));
  const live = await subscribing;
  assert.equal(live.monitorId, 7);
  pushBytewise(peer, hex(livePush(7, 1, [update('b', 'a'), remove('b')])));
  const it = live[Symbol.asyncIterator]();
  const e1 = await next(it);
  assert.deepEqual([e1.type, e1.record['name']], ['create', 'early']);
  const e2 = await next(it);
  assert.deepEqual([e2.type, e2.record['name'], e2.before?.['name']], ['update', 'b', 'a']);
  const e3 = await next(it);
  assert.deepEqual([e3.type, e3.record['name'], e3.before], ['delete', 'b', undefined]);
  conn.close();
});

test('an END push ends the iteration after its last events', async () => {
  const { conn, peer } = await opened();
  const subscribingW = peer.nextWrite();
  const subscribing = subscribeLive(conn, 'SELECT FROM V', undefined);
  await subscribingW;
  peer.push(hex(okFrame(-1, SUBSCRIBE, i32(3))));
  const live = await subscribing;
  peer.push(hex(livePush(3, 2, [create('last')])));
  const names: unknown[] = [];
  for await (const e of live) names.push(e.record['name']);
  assert.deepEqual(names, ['last']);
  assert.equal(live.ended, true);
  conn.close();
});

test('an ERROR push ends the iteration with LiveQueryError carrying the server message', async () => {
  const { conn, peer } = await opened();
  const subscribingW = peer.nextWrite();
  const subscribing = subscribeLive(conn, 'SELECT FROM V', undefined);
  await subscribingW;
  peer.push(hex(okFrame(-1, SUBSCRIBE, i32(-5))));
  const live = await subscribing;
  const it = live[Symbol.asyncIterator]();
  const pending = settle(it.next());
  peer.push(hex(livePush(-5, 1, [create('one')]) + errorPush(-5, 'boom')));
  const first = await pending;
  assert.ok(first.ok && !first.value.done && first.value.value.record['name'] === 'one');
  await assert.rejects(it.next(), (e: unknown) => {
    assert.ok(e instanceof LiveQueryError);
    assert.equal(e.monitorId, -5);
    assert.equal(e.serverMessage, 'boom');
    assert.equal(e.errorCode, 5);
    return true;
  });
  assert.deepEqual(
    await it.next(),
    { done: true, value: undefined },
    'the error is reported once, then the iteration is over',
  );
  conn.close();
});

test('a dropped connection ends a waiting iteration with ConnectionLostError; a client close with ClientClosedError', async () => {
  const a = await opened();
  const saW = a.peer.nextWrite();
  const sa = subscribeLive(a.conn, 'SELECT FROM V', undefined);
  await saW;
  a.peer.push(hex(okFrame(-1, SUBSCRIBE, i32(1))));
  const la = await sa;
  const waiting = la[Symbol.asyncIterator]().next();
  a.peer.drop();
  await assert.rejects(waiting, ConnectionLostError);

  const b = await opened();
  const sbW = b.peer.nextWrite();
  const sb = subscribeLive(b.conn, 'SELECT FROM V', undefined);
  await sbW;
  b.peer.push(hex(okFrame(-1, SUBSCRIBE, i32(2))));
  const lb = await sb;
  const waitingB = lb[Symbol.asyncIterator]().next();
  b.conn.close();
  await assert.rejects(waitingB, ClientClosedError);
});

test('unsubscribe sends UNSUBSCRIBE_PUSH with the monitor id and ignores later pushes', async () => {
  const { conn, peer } = await opened();
  const subscribingW = peer.nextWrite();
  const subscribing = subscribeLive(conn, 'SELECT FROM V', undefined);
  await subscribingW;
  peer.push(hex(okFrame(-1, SUBSCRIBE, i32(9))));
  const live = await subscribing;
  const unsubscribed = peer.nextWrite();
  const done = live.unsubscribe();
  const w = await unsubscribed;
  assert.equal(w[0], UNSUBSCRIBE);
  assert.deepEqual([...w.subarray(w.length - 5)], [2, 0, 0, 0, 9]);
  peer.push(hex(okFrame(-1, UNSUBSCRIBE, '') + livePush(9, 1, [create('late')]) + livePush(9, 2, [])));
  await done;
  assert.deepEqual(await live[Symbol.asyncIterator]().next(), { done: true, value: undefined });
  conn.close();
});

test('positional ? parameters become named ones, leaving quoted text alone', async () => {
  const { conn, peer } = await opened();
  const subscribingW = peer.nextWrite();
  const sql = 'SELECT FROM V WHERE a = ? AND b = \'?\' AND c = ? AND `d?` = "x\\"?"';
  const subscribing = subscribeLive(conn, sql, [1, 'two']).catch(() => undefined);
  const r = new Reader(await subscribingW);
  // the request header: opcode, session id, token
  r.byte();
  r.int();
  r.bytesField();
  const sent = SUBSCRIBE_LIVE_QUERY_REQUEST_READER('handshake')(r);
  assert.equal(sent.query, 'SELECT FROM V WHERE a = :p0 AND b = \'?\' AND c = :p1 AND `d?` = "x\\"?"');
  assert.equal(sent.namedParams, true);
  assert.deepEqual(readDocument(new Reader(sent.params)), { params: { p0: 1, p1: 'two' } });
  conn.close();
  await subscribing;
});
