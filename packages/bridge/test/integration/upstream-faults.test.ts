// The upstream down at connect and killed mid-stream, with a private real OrientDB that the test
// kills (the shared one must live on); /readyz follows the upstream's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, startOrientDB } from '@orientdb-edge/testkit';
import { RawClient } from '../support/raw-client.js';
import { loginAsRoot } from '../support/orientdb-bytes.js';
import { startFakePeer } from '../support/fake-peer.js';
import { testBridge } from '../support/test-bridge.js';

test('nothing listening upstream: the WebSocket closes with 4502 and /readyz says 503', async () => {
  const port = await freePort();
  const bridge = await testBridge({ host: '127.0.0.1', port });
  try {
    const c = await RawClient.open(bridge.url);
    await assert.rejects(c.hello({ v: 1 }));
    assert.deepEqual(await c.closed, { code: 4502, reason: 'upstream unreachable' });
    assert.equal(bridge.metrics().upstreamErrors.connect, 1);
    const http = bridge.url.replace('ws', 'http');
    assert.equal((await fetch(`${http}/readyz`)).status, 503);
    assert.equal((await fetch(`${http}/livez`)).status, 200);
  } finally {
    await bridge.close();
  }
});

test('the real server killed mid-stream closes the WebSocket with 4503; a new one then gets 4502', async () => {
  const server = await startOrientDB();
  const bridge = await testBridge(server);
  try {
    const http = bridge.url.replace('ws', 'http');
    assert.equal((await fetch(`${http}/readyz`)).status, 200);
    const c = await RawClient.connect(bridge.url);
    await loginAsRoot(c, server.rootPassword);
    await server.kill();
    assert.equal((await c.closed).code, 4503);
    assert.equal(bridge.metrics().closes.upstream_closed, 1);
    const after = await RawClient.open(bridge.url);
    await assert.rejects(after.hello({ v: 1 }));
    assert.equal((await after.closed).code, 4502);
  } finally {
    await bridge.close();
    await server.stop();
  }
});

test('an upstream reset mid-stream (fake peer) closes with 4503 after relaying what came before', async () => {
  const peer = await startFakePeer();
  const bridge = await testBridge({ host: '127.0.0.1', port: peer.port });
  try {
    const c = await RawClient.connect(bridge.url);
    const up = await peer.nextSocket();
    up.write(Buffer.from('tail'));
    assert.deepEqual(await c.read(6), Buffer.from([0, 38, ...Buffer.from('tail')]));
    up.resetAndDestroy();
    assert.equal((await c.closed).code, 4503);
    assert.equal(bridge.metrics().upstreamErrors.reset, 1);
  } finally {
    await bridge.close();
    await peer.close();
  }
});
