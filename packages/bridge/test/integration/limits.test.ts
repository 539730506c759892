// Message size, idle timeout, heartbeats and TLS, against the real OrientDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedServer } from '@orientdb-edge/testkit';
import { RawClient } from '../support/raw-client.js';
import { loginAsRoot, dbExistRequest, readDbExistResponse, readGreeting } from '../support/orientdb-bytes.js';
import { until } from '../support/wait.js';
import { testBridge } from '../support/test-bridge.js';

test('an oversized message is closed with 1009 while another connection carries on', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server, { maxPayload: 4096 });
  try {
    const good = await RawClient.connect(bridge.url);
    assert.equal(good.welcome?.limits.maxPayload, 4096);
    const s = await loginAsRoot(good, server.rootPassword);
    const bad = await RawClient.connect(bridge.url);
    await readGreeting(bad);
    bad.send(Buffer.alloc(4097, 7));
    assert.equal((await bad.closed).code, 1009);
    good.send(dbExistRequest(s.session, s.token, 'x'));
    assert.equal((await readDbExistResponse(good)).status, 0);
    assert.equal(bridge.metrics().closes.message_too_big, 1);
    await good.close(1000);
  } finally {
    await bridge.close();
  }
});

test('a connection with no bytes either way is closed with 4408 after the idle timeout', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server, { idleTimeoutMs: 200 });
  try {
    const c = await RawClient.connect(bridge.url);
    await readGreeting(c);
    assert.equal((await c.closed).code, 4408);
    assert.equal(bridge.metrics().closes.idle_timeout, 1);
  } finally {
    await bridge.close();
  }
});

test('a peer that stops answering pings is terminated', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server, { heartbeatMs: 50 });
  try {
    const alive = await RawClient.connect(bridge.url);
    const dead = await RawClient.connect(bridge.url);
    (dead.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    // The metric counts the termination at once; the open count drops when its close event follows.
    await until(
      () => bridge.metrics().closes.heartbeat_timeout === 1 && bridge.metrics().connectionsOpen === 1,
      'the silent peer to be terminated',
    );
    assert.equal(await readGreeting(alive), 38);
    assert.equal(bridge.metrics().closes.heartbeat_timeout, 1);
    await alive.close(1000);
  } finally {
    await bridge.close();
  }
});

test('TLS: wss from a certificate and key', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bridge-tls-'));
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(dir, 'key.pem'),
      '-out',
      join(dir, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const cert = readFileSync(join(dir, 'cert.pem'));
  const server = await sharedServer();
  const bridge = await testBridge(server, { tls: { cert, key: readFileSync(join(dir, 'key.pem'), 'utf8') } });
  try {
    assert.match(bridge.url, /^wss:\/\//);
    const c = await RawClient.connect(bridge.url, { v: 1 }, { ca: cert });
    const s = await loginAsRoot(c, server.rootPassword);
    assert.ok(s.token.length > 0);
    await c.close(1000);
    await assert.rejects(RawClient.connect(bridge.url), /self-signed|certificate/);
  } finally {
    await bridge.close();
  }
});

test('a text message after the welcome closes with 1003 and closes the upstream', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server);
  try {
    const c = await RawClient.connect(bridge.url);
    await readGreeting(c);
    c.ws.send('SELECT 1');
    assert.equal((await c.closed).code, 1003);
    assert.equal(bridge.metrics().closes.text_frame, 1);
    assert.equal(bridge.metrics().bytesClientToUpstream, 0);
  } finally {
    await bridge.close();
  }
});
