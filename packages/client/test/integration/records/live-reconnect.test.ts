// A live query survives a bridge restart: the client reattaches its session on a new connection in
// the background, subscribes the live query again, and another client's insert arrives on the same
// iterator (a next() that was waiting across the restart). The real server behind a real bridge.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTestDatabase,
  sharedServer,
  sqlOverHttp,
  type ServerInfo,
  type TestDatabase,
} from '@orientdb-edge/testkit';
import { startBridge, type Bridge } from '../../../../bridge/src/index.js';
import { OrientDB, type LiveEvent } from '../../../src/index.js';
import type { SessionState } from '../../../src/api/session-keeper.js';
import { tcp } from '../../../src/tcp.js';
import { WS } from '../api/helpers/env.js';

let server: ServerInfo;
let db: TestDatabase;
let bridge: Bridge | undefined;
const clients: OrientDB[] = [];

const startAt = (listen: string) =>
  startBridge({
    listen,
    upstreams: [`${server.host}:${server.port}`],
    allowMissingOrigin: true,
    logLevel: 'error',
  } as Parameters<typeof startBridge>[0]);

before(async () => {
  server = await sharedServer();
  db = await createTestDatabase(server);
  await sqlOverHttp(server, db, 'create class Nodes extends V');
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await bridge?.close();
  await db.drop();
});

const nameOf = (r: IteratorResult<LiveEvent>) => (r.done ? 'done' : r.value.record['name']);

test('the bridge restarted under an open live query: re-subscribed, and the next insert arrives on the same iterator', {
  timeout: 60_000,
}, async () => {
  bridge = await startAt('127.0.0.1:0');
  const address = new URL(bridge.url).host;
  const client = new OrientDB({ url: bridge.url, WebSocket: WS, tokenStore: null, keepAlive: false });
  const writer = new OrientDB({ transport: tcp({ host: server.host, port: server.port }) });
  clients.push(client, writer);
  await client.dbOpen(db.name, db.user, db.password);
  await writer.dbOpen(db.name, db.user, db.password);
  const sessionId = client.session!.sessionId;

  const live = await client.live('SELECT FROM Nodes WHERE zone = :zone', { zone: 'lab' });
  const it = live[Symbol.asyncIterator]();
  await writer.recordCreate('Nodes', { zone: 'lab', name: 'before' });
  assert.equal(nameOf(await it.next()), 'before');
  const firstMonitor = live.monitorId;

  const reattached = new Promise<SessionState>((resolve) => client.onReattach(resolve));
  const waiting = it.next();
  await bridge.close();
  bridge = await startAt(address);
  const state = await reattached;
  assert.equal(state.via, 'session', 'the old session id on a new connection');
  assert.equal(state.sessionId, sessionId);
  assert.equal(state.reconnects, 1);
  assert.equal(live.ended, false);
  assert.equal(live.gaps, 1, 'one gap: changes while the bridge was down produced no event');
  assert.notEqual(live.monitorId, firstMonitor, 'a new subscription on the server');

  await writer.recordCreate('Nodes', { zone: 'elsewhere', name: 'not mine' });
  await writer.recordCreate('Nodes', { zone: 'lab', name: 'after' });
  assert.equal(nameOf(await waiting), 'after', 'the next() waiting across the restart gets the insert');
  await writer.recordCreate('Nodes', { zone: 'lab', name: 'after 2' });
  assert.equal(nameOf(await it.next()), 'after 2', 'one event per change (no duplicate from the old subscription)');
  await live.unsubscribe();
  assert.deepEqual(await it.next(), { done: true, value: undefined });
});
