// One upstream name over two real OrientDB servers that share the token secret (the testkit's default):
// with node 1 stopped, a new WebSocket lands on node 2, node 1 is skipped while in backoff, and a
// session stored from node 1 reattaches on node 2 by the stateless route (token-only requests).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createTestDatabase, startOrientDB, type OrientDBServer } from '@orientdb-edge/testkit';
import { OrientDB } from '@orientdb-edge/client';
import type { WebSocketConstructor } from '../../../client/src/transport/websocket.js';
import { type Bridge, startBridge } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { readGreeting } from '../support/orientdb-bytes.js';

const WS = WebSocket as unknown as WebSocketConstructor;
let node1: OrientDBServer;
let node2: OrientDBServer;
let bridge: Bridge;
const DB = 'failover';

before(async () => {
  [node1, node2] = await Promise.all([startOrientDB(), startOrientDB()]);
  // The same database on both, as a replicated cluster would have it.
  await Promise.all([createTestDatabase(node1, { name: DB }), createTestDatabase(node2, { name: DB })]);
  bridge = await startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`main=${node1.host}:${node1.port},${node2.host}:${node2.port}`],
    allowMissingOrigin: true,
    logLevel: 'silent',
  });
});

after(async () => {
  await bridge?.close();
  await Promise.all([node1?.stop(), node2?.stop()]);
});

test('node 1 down: new WebSockets land on node 2, a stored session reattaches there by the stateless route', async () => {
  const first = new OrientDB({ url: bridge.url, WebSocket: WS });
  await first.dbOpen(DB, 'admin', 'admin');
  const [before] = await first.query('SELECT count(*) AS n FROM OUser');
  const token = first.getSessionToken();
  await first.close();
  assert.equal(bridge.metrics().upstreamErrors.connect, 0, 'node 1 served the first connection');

  await node1.stop();
  const began = performance.now();
  const raw = await RawClient.connect(bridge.url, { v: 1, upstream: 'main' });
  assert.equal(await readGreeting(raw), node2.protocolVersion);
  const failoverMs = performance.now() - began;
  assert.equal(bridge.metrics().upstreamErrors.connect, 1, 'one refused connect to node 1');
  await raw.close(1000);

  const again = await RawClient.connect(bridge.url);
  assert.equal(await readGreeting(again), node2.protocolVersion);
  assert.equal(bridge.metrics().upstreamErrors.connect, 1, 'node 1 is skipped while in backoff');
  await again.close(1000);

  const second = new OrientDB({ url: bridge.url, WebSocket: WS });
  second.setSessionToken(token);
  const [row] = await second.query('SELECT count(*) AS n FROM OUser');
  assert.equal(row!.n, before!.n);
  assert.equal(second.session?.via, 'stateless', 'node 2 never saw the session id: only the token carries it');
  await second.close();
  console.log(`failover to node 2: WebSocket open to greeting in ${failoverMs.toFixed(1)} ms`);
});
