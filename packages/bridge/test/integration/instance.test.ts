// The bridge instance id round-trips: the welcome names it, resume ids carry it as their prefix, and
// the client's upgrade that resumes presents it as ?bridge_instance= (what a load balancer routes by).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createTestDatabase, sharedServer } from '@orientdb-edge/testkit';
import { OrientDB } from '@orientdb-edge/client';
import type { WebSocketConstructor } from '../../../client/src/transport/websocket.js';
import { RawClient } from '../support/raw-client.js';
import { testBridge } from '../support/test-bridge.js';

test('the instance id is in the welcome and in the URL of the upgrade that resumes a parked session', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server, { instanceId: 'bridge-a' });
  const db = await createTestDatabase(server);
  const urls: string[] = [];
  const Recording = class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      urls.push(url);
      super(url, protocols);
    }
  } as unknown as WebSocketConstructor;
  try {
    const raw = await RawClient.connect(bridge.url);
    assert.equal(raw.welcome?.instance, 'bridge-a');
    assert.match(raw.welcome!.resumeId, /^bridge-a\.[A-Za-z0-9_-]{22}$/);
    await raw.close(1000);

    const first = new OrientDB({ url: bridge.url, WebSocket: Recording });
    await first.dbOpen(db.name, db.user, db.password);
    const token = first.getSessionToken();
    assert.ok(first.park());
    assert.equal(new URL(urls[0]!).searchParams.get('bridge_instance'), null, 'a fresh connection names no instance');
    const second = new OrientDB({ url: bridge.url, WebSocket: Recording });
    second.setSessionToken(token);
    await second.query('SELECT 1 AS one');
    // The resume's upgrade (whichever route then reattached: the bridge's own checks decide that).
    const resumes = urls.slice(1).filter((u) => new URL(u).searchParams.get('bridge_instance') === 'bridge-a');
    assert.equal(resumes.length, 1, urls.join(' '));
    await Promise.all([first.close(), second.close()]);
  } finally {
    await bridge.close();
    await db.drop();
  }
});

test('without an instanceId each bridge process picks a random one', async () => {
  const server = await sharedServer();
  const [a, b] = await Promise.all([testBridge(server), testBridge(server)]);
  try {
    const [ca, cb] = await Promise.all([RawClient.connect(a.url), RawClient.connect(b.url)]);
    assert.match(ca.welcome!.instance!, /^[A-Za-z0-9_-]{12}$/);
    assert.notEqual(ca.welcome!.instance, cb.welcome!.instance);
    assert.ok(ca.welcome!.resumeId.startsWith(`${ca.welcome!.instance}.`));
    await Promise.all([ca.close(1000), cb.close(1000)]);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});
