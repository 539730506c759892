// Missing, garbage, truncated, text and wrong-version hellos are closed with the documented codes,
// and none of them opens an upstream connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer } from '@orientdb-edge/testkit';
import { encodeHello } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { until } from '../support/wait.js';
import { testBridge } from '../support/test-bridge.js';

test('bad hellos close with 4400 / 4426 / 4408 before any upstream connection', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server, { helloTimeoutMs: 300, upgradeRatePerSecond: 0 });
  try {
    const cases: Array<[string, (c: RawClient) => void, number]> = [
      ['garbage', (c) => c.send(Buffer.from('GET / HTTP/1.1\r\n')), 4400],
      ['truncated', (c) => c.send(encodeHello({ v: 1, resume: 'abcdefghijklmnop' }).subarray(0, 9)), 4400],
      ['text', (c) => c.ws.send('{"v":1}'), 4400],
      ['empty', (c) => c.send(Buffer.alloc(0)), 4400],
      ['not a map', (c) => c.send(Buffer.from([0x93, 1, 2, 3])), 4400],
      ['version 2', (c) => c.send(encodeHello({ v: 2 })), 4426],
      ['missing', () => {}, 4408],
    ];
    for (const [name, act, code] of cases) {
      const c = await RawClient.open(bridge.url);
      act(c);
      const closed = await c.closed;
      assert.equal(closed.code, code, name);
      assert.ok(closed.reason.length > 0, name);
      assert.equal(c.welcome, undefined, name);
    }
    const m = bridge.metrics();
    assert.equal(m.closes.bad_hello, 5);
    assert.equal(m.closes.unsupported_version, 1);
    assert.equal(m.closes.hello_timeout, 1);
    assert.equal(m.bytesUpstreamToClient, 0);
    await until(() => bridge.metrics().connectionsOpen === 0, 'the bridge to release every connection');
  } finally {
    await bridge.close();
  }
});

test('bytes sent right behind the hello are held until the upstream is connected, in order', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server);
  try {
    const { handshake, connectRequest, readConnectResponse, readGreeting } = await import(
      '../support/orientdb-bytes.js'
    );
    const c = await RawClient.open(bridge.url);
    const welcome = c.hello({ v: 1 });
    c.send(handshake());
    c.send(connectRequest('root', server.rootPassword));
    assert.equal((await welcome).v, 1);
    assert.equal(await readGreeting(c), 38);
    assert.equal((await readConnectResponse(c)).status, 0);
    await c.close(1000);
  } finally {
    await bridge.close();
  }
});
