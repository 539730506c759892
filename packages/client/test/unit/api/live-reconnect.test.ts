// Live queries across a dropped connection, through the client over the memory transport: the
// background reattach subscribes them again with the same bytes and their iterators carry on; a
// resumed parked upstream keeps the subscription; a session that does not come back ends them typed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrientDB } from '../../../src/api/client.js';
import type { LiveEvent, LiveQuery } from '../../../src/api/live-query.js';
import { ClientClosedError, ConnectionLostError, SessionExpiredError } from '../../../src/errors.js';
import type { MemoryPeer } from '../../support/memory-transport.js';
import {
  GREETING_38,
  announcingTransport,
  errorFrame,
  hex,
  i32,
  i64,
  okFrame,
  reloadAnswer,
  settle,
  toHex,
} from '../session/harness.js';
import {
  REQUEST_DB_OPEN as DB_OPEN,
  REQUEST_DB_SIZE as DB_SIZE,
  REQUEST_DB_RELOAD as DB_RELOAD,
  SUBSCRIBE_PUSH as SUBSCRIBE,
  UNSUBSCRIBE_PUSH as UNSUBSCRIBE,
} from '../../../src/codec/operations/opcodes.js';

const SID = 9;
const OPEN_OK = okFrame(-1, DB_OPEN, i32(SID) + i32(3) + 'aabbcc');

/** A PROJECTION result item holding { name: <ascii> }. */
function nameItem(name: string): string {
  const text = Array.from(name, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
  const body = '02' + '08' + '6e616d65' + '07' + (name.length * 2).toString(16).padStart(2, '0') + text + '00';
  return '04' + i32(body.length / 2) + body;
}
const created = (monitorId: number, name: string) =>
  '03' + '51' + i32(monitorId) + '01' + i32(1) + '01' + nameItem(name);

/** The memory transport with a promise of each new connection's peer. */
function harness(options: { resumed?: boolean; reconnect?: false } = {}) {
  const { transport, nextPeer } = announcingTransport({
    greeting: options.resumed ? undefined : GREETING_38,
    resumed: options.resumed,
    resumeId: 'r1',
  });
  const client = new OrientDB({
    transport,
    tokenStore: null,
    keepAlive: false,
    crossTab: false,
    reconnect: options.reconnect ?? { initialMs: 1, maxMs: 2, maxAttempts: 3 },
  });
  return { client, nextPeer };
}

/** The next request with `opcode` the client writes on `peer` (each request is one write). */
function request(peer: MemoryPeer, opcode: number): Promise<Uint8Array> {
  const from = peer.writes.length;
  return new Promise((resolve) => {
    const check = () => {
      const hit = peer.writes.slice(from).find((w) => w[0] === opcode);
      if (!hit) return;
      off();
      resolve(hit);
    };
    const off = peer.onWrite(check);
    check();
  });
}

async function opened(options: { resumed?: boolean; reconnect?: false } = {}) {
  const h = harness(options);
  const first = h.nextPeer();
  const opening = h.client.dbOpen('db', 'u', 'p');
  const peer = await first;
  await request(peer, DB_OPEN);
  peer.push(hex(OPEN_OK));
  await opening;
  return { ...h, peer };
}

/** The session's first call: the zone's question (DB_RELOAD) goes ahead of the SUBSCRIBE_PUSH. */
async function subscribed(
  peer: MemoryPeer,
  client: OrientDB,
  monitorId: number,
): Promise<{ live: LiveQuery; bytes: Uint8Array }> {
  const sent = request(peer, SUBSCRIBE);
  const subscribing = client.live('SELECT FROM Nodes WHERE zone = :zone', { zone: 'kitchen' });
  const bytes = await sent;
  assert.deepEqual(peer.writes.map((w) => w[0]).slice(-2), [DB_RELOAD, SUBSCRIBE], 'the zone asked ahead of it');
  peer.push(hex(reloadAnswer(SID) + okFrame(SID, SUBSCRIBE, i32(monitorId))));
  return { live: await subscribing, bytes };
}

const nameOf = (r: IteratorResult<LiveEvent>) => (r.done ? 'done' : r.value.record['name']);

/** A live query with its iterator waiting, then a drop: the new connection has written its probe (DB_SIZE). */
async function droppedWhileWaiting(monitorId: number, options: { resumed?: boolean } = {}) {
  const { client, peer, nextPeer } = await opened(options);
  const { live } = await subscribed(peer, client, monitorId);
  const waiting = live[Symbol.asyncIterator]().next();
  const second = nextPeer();
  peer.drop();
  const peer2 = await second;
  await request(peer2, DB_SIZE);
  return { client, live, waiting, peer2 };
}

test('after a drop the live query is subscribed again with the same bytes and its iterator carries on', async () => {
  const { client, peer, nextPeer } = await opened();
  const { live, bytes } = await subscribed(peer, client, 7);
  const it = live[Symbol.asyncIterator]();
  peer.push(hex(created(7, 'before')));
  assert.equal(nameOf(await it.next()), 'before');
  const reattached = new Promise<number>((resolve) => client.onReattach(() => resolve(live.monitorId)));
  const waiting = settle(it.next());
  const second = nextPeer();
  peer.drop();
  const peer2 = await second;
  const probe = request(peer2, DB_SIZE);
  const again = request(peer2, SUBSCRIBE);
  await probe;
  peer2.push(hex(okFrame(SID, DB_SIZE, i64(77))));
  assert.equal(toHex(await again), toHex(bytes), 'the same SUBSCRIBE_PUSH: session id, token, SQL and parameters');
  peer2.push(hex(okFrame(SID, SUBSCRIBE, i32(12))));
  assert.equal(await reattached, 12, 'onReattach runs once the live query is subscribed again');
  peer2.push(hex(created(7, 'old monitor id') + created(12, 'after')));
  const got = await waiting;
  assert.ok(got.ok, 'the iterator waiting across the drop was not failed');
  assert.equal(nameOf(got.value), 'after');
  assert.equal(live.monitorId, 12);
  assert.equal(live.gaps, 1);
  assert.equal(live.ended, false);
  const unsub = request(peer2, UNSUBSCRIBE);
  const done = live.unsubscribe();
  assert.deepEqual([...(await unsub).subarray(-4)], [0, 0, 0, 12], 'unsubscribe names the new monitor id');
  peer2.push(hex(okFrame(SID, UNSUBSCRIBE, '')));
  await done;
  assert.deepEqual(await it.next(), { done: true, value: undefined });
  await client.close();
});

test('a resumed parked upstream keeps the subscription: no SUBSCRIBE_PUSH, same monitor id, no gap', async () => {
  const { client, live, waiting, peer2 } = await droppedWhileWaiting(5, { resumed: true });
  const reattached = new Promise<void>((resolve) => client.onReattach(() => resolve()));
  peer2.push(hex(okFrame(SID, DB_SIZE, i64(77))));
  await reattached;
  peer2.push(hex(created(5, 'kept')));
  assert.equal(nameOf(await waiting), 'kept');
  assert.deepEqual(
    peer2.writes.map((w) => w[0]),
    [DB_SIZE],
    'only the probe was sent',
  );
  assert.equal(live.monitorId, 5);
  assert.equal(live.gaps, 0);
  await client.close();
});

test('the session gone on the server: the live query ends with SessionExpiredError', async () => {
  const { client, live, waiting, peer2 } = await droppedWhileWaiting(3);
  peer2.push(
    hex(
      errorFrame(
        SID,
        DB_SIZE,
        'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException',
        'missing session and token',
      ),
    ),
  );
  await assert.rejects(waiting, SessionExpiredError);
  assert.equal(live.ended, true);
  await client.close();
});

test('the re-subscription refused on the new connection ends the live query with the server error', async () => {
  const { client, waiting, peer2 } = await droppedWhileWaiting(3);
  const again = request(peer2, SUBSCRIBE);
  peer2.push(hex(okFrame(SID, DB_SIZE, i64(1))));
  await again;
  peer2.push(
    hex(
      errorFrame(
        SID,
        SUBSCRIBE,
        'com.orientechnologies.orient.core.exception.OCommandExecutionException',
        'Class not found: Nodes',
      ),
    ),
  );
  await assert.rejects(waiting, { code: 'ERR_SERVER', serverMessage: 'Class not found: Nodes' });
  await client.close();
});

test('no reattach after the drop: without reconnect the live query ends with ConnectionLostError at once', async () => {
  const { client, peer } = await opened({ reconnect: false });
  const { live } = await subscribed(peer, client, 3);
  const waiting = live[Symbol.asyncIterator]().next();
  peer.drop();
  await assert.rejects(waiting, ConnectionLostError);
  await client.close();
});

test('the reattach gives up (no server): ConnectionLostError; closing the client while it waits: ClientClosedError', async () => {
  const a = await opened();
  const { live } = await subscribed(a.peer, a.client, 3);
  const waiting = live[Symbol.asyncIterator]().next();
  for (let i = 0; i < 3; i++) {
    const next = a.nextPeer();
    if (i === 0) a.peer.drop();
    (await next).drop();
  }
  await assert.rejects(waiting, ConnectionLostError);
  await a.client.close();

  const b = await opened();
  const sb = await subscribed(b.peer, b.client, 4);
  const waitingB = sb.live[Symbol.asyncIterator]().next();
  const second = b.nextPeer();
  b.peer.drop();
  await second;
  await b.client.close();
  await assert.rejects(waitingB, ClientClosedError);
});

test('unsubscribed while the connection was down: nothing is subscribed again', async () => {
  const { client, peer, nextPeer } = await opened();
  const { live } = await subscribed(peer, client, 3);
  const second = nextPeer();
  peer.drop();
  await live.unsubscribe();
  const peer2 = await second;
  await request(peer2, DB_SIZE);
  const reattached = new Promise<void>((resolve) => client.onReattach(() => resolve()));
  peer2.push(hex(okFrame(SID, DB_SIZE, i64(1))));
  await reattached;
  assert.ok(!peer2.writes.some((w) => w[0] === SUBSCRIBE), 'no SUBSCRIBE_PUSH after unsubscribe()');
  assert.deepEqual(await live[Symbol.asyncIterator]().next(), { done: true, value: undefined });
  await client.close();
});
