// The relay against the real OrientDB: greeting, handshake + CONNECT through the bridge, upstream names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { freePort, sharedServer } from '@orientdb-edge/testkit';
import { type LogRecord, startBridge } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import {
  connectRequest,
  dbExistRequest,
  handshake,
  readConnectResponse,
  readDbExistResponse,
  readGreeting,
} from '../support/orientdb-bytes.js';
import { testBridge } from '../support/test-bridge.js';

test('a hello gets a welcome, then the greeting and a CONNECT answered with status 0', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server);
  try {
    const c = await RawClient.connect(bridge.url);
    assert.equal(c.welcome?.v, 1);
    assert.equal(c.welcome?.resumed, false);
    assert.equal(c.welcome?.upstream, 'default');
    assert.ok(Buffer.from(c.welcome!.resumeId, 'base64url').length >= 16);
    assert.equal(c.welcome?.limits.maxPayload, 16 * 1024 * 1024);
    assert.equal(await readGreeting(c), server.protocolVersion);
    c.send(handshake());
    c.send(connectRequest('root', server.rootPassword));
    const r = await readConnectResponse(c);
    assert.equal(r.status, 0);
    assert.equal(r.opcode, 2);
    assert.ok(r.token.length > 0);
    c.send(dbExistRequest(r.session, r.token, 'no-such-db'));
    const e = await readDbExistResponse(c);
    assert.deepEqual([e.status, e.exists], [0, false]);
    await c.close(1000);
    const m = bridge.metrics();
    assert.ok(m.bytesClientToUpstream > 0 && m.bytesUpstreamToClient > 0);
  } finally {
    await bridge.close();
  }
});

test('a named upstream is picked by name; an unknown name gets the same close as an unreachable one (4502), the log says which', async () => {
  const server = await sharedServer();
  const logs: LogRecord[] = [];
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    allowMissingOrigin: true,
    logLevel: 'info',
    logger: (r) => logs.push(r),
    upstreams: [
      `main=${server.host}:${server.port}`,
      { name: 'other', host: server.host, port: server.port },
      `down=127.0.0.1:${await freePort('127.0.0.1')}`,
    ],
  });
  try {
    const named = await RawClient.connect(bridge.url, { v: 1, upstream: 'other' });
    assert.equal(named.welcome?.upstream, 'other');
    assert.equal(await readGreeting(named), server.protocolVersion);
    await named.close(1000);
    const unknown = await RawClient.open(bridge.url);
    await assert.rejects(unknown.hello({ v: 1, upstream: `${server.host}:${server.port}` }));
    assert.deepEqual(await unknown.closed, { code: 4502, reason: 'upstream unreachable' });
    const down = await RawClient.open(bridge.url);
    await assert.rejects(down.hello({ v: 1, upstream: 'down' }));
    assert.deepEqual(await down.closed, { code: 4502, reason: 'upstream unreachable' });
    const detail = logs.find((r) => r.msg === 'opening_refused')?.detail;
    assert.equal(detail, `unknown upstream ${JSON.stringify(`${server.host}:${server.port}`)}`);
  } finally {
    await bridge.close();
  }
});
