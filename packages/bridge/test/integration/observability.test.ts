// /metrics, /livez, /readyz over HTTP (metrics only on the private listener unless asked), and JSON-line
// logs that carry no payload bytes or credentials, against the real OrientDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer } from '@orientdb-edge/testkit';
import { startBridge, type LogRecord } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { dbExistRequest, loginAsRoot, readDbExistResponse } from '../support/orientdb-bytes.js';
import { until } from '../support/wait.js';

test('/metrics counts connections, bytes, closes and refusals; /livez and /readyz answer', async () => {
  const server = await sharedServer();
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    allowServerOps: true,
    upstreams: [`${server.host}:${server.port}`],
    allowOrigins: ['https://app.example'],
    metricsOnPublicPort: true,
    logLevel: 'silent',
  });
  const http = bridge.url.replace('ws', 'http');
  try {
    assert.equal((await fetch(`${http}/livez`)).status, 200);
    assert.equal((await fetch(`${http}/readyz`)).status, 200);
    assert.equal((await fetch(`${http}/`)).status, 426);
    await RawClient.open(bridge.url, { origin: 'https://evil.example' }).catch(() => undefined);
    const c = await RawClient.connect(bridge.url, { v: 1 }, { origin: 'https://app.example' });
    await loginAsRoot(c, server.rootPassword);
    await c.close(1000);
    await until(() => bridge.metrics().connectionsOpen === 0, 'release');
    const res = await fetch(`${http}/metrics`);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${series} `))
          ?.split(' ')[1],
      );
    const m = bridge.metrics();
    assert.equal(value('orientdb_bridge_connections_open'), 0);
    assert.equal(value('orientdb_bridge_connections_total'), 1);
    assert.equal(value('orientdb_bridge_bytes_total{direction="client_to_upstream"}'), m.bytesClientToUpstream);
    assert.ok(value('orientdb_bridge_bytes_total{direction="upstream_to_client"}') > 2);
    assert.equal(value('orientdb_bridge_closes_total{reason="client_closed"}'), 1);
    assert.equal(value('orientdb_bridge_upgrades_refused_total{reason="origin"}'), 1);
    assert.equal(value('orientdb_bridge_connections_parked'), 0);
    assert.ok(value('process_resident_memory_bytes') > 0);
  } finally {
    await bridge.close();
  }
});

test('logs are JSON records with levels and never hold passwords, tokens or payload bytes', async () => {
  const server = await sharedServer();
  const records: LogRecord[] = [];
  const accessToken = 'access-token-SENTINEL-41c7';
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    allowServerOps: true,
    upstreams: [`${server.host}:${server.port}`],
    allowMissingOrigin: true,
    accessToken,
    logLevel: 'debug',
    logger: (r) => records.push(r),
  });
  try {
    await RawClient.open(`${bridge.url}/?access_token=wrong-SENTINEL-token-00`).catch(() => undefined);
    const c = await RawClient.connect(`${bridge.url}/?access_token=${accessToken}`);
    const s = await loginAsRoot(c, server.rootPassword);
    c.send(dbExistRequest(s.session, s.token, 'payload-SENTINEL-db'));
    await readDbExistResponse(c);
    const id = c.welcome!.resumeId;
    await c.close(4000);
    await until(() => bridge.metrics().connectionsParked === 1, 'park');
    // A resume shows the session's token (the policy's resume check); the log must not hold it either.
    const again = await RawClient.connect(`${bridge.url}/?access_token=${accessToken}`, {
      v: 1,
      resume: id,
      token: s.token,
    });
    await again.close(1000);
    await until(() => bridge.metrics().connectionsOpen === 0, 'release');
    assert.ok(records.length >= 5);
    for (const r of records) {
      assert.match(r.time, /^\d{4}-\d\d-\d\dT/);
      assert.ok(['debug', 'info', 'warn', 'error'].includes(r.level));
      assert.equal(typeof r.msg, 'string');
    }
    const all = JSON.stringify(records);
    for (const secret of [
      server.rootPassword,
      accessToken,
      'SENTINEL',
      s.token.toString('base64'),
      s.token.toString('hex').slice(0, 16),
      id,
    ]) {
      assert.ok(!all.includes(secret), `log contains ${secret}`);
    }
    assert.ok(records.some((r) => r.msg === 'upgrade_refused' && r['why'] === 'token'));
    assert.ok(records.some((r) => r.msg === 'parked'));
  } finally {
    await bridge.close();
  }
});

test('/metrics answers only on the private metricsListen port; health answers on both', async () => {
  const server = await sharedServer();
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    allowServerOps: true,
    metricsListen: '127.0.0.1:0',
    upstreams: [`${server.host}:${server.port}`],
    allowMissingOrigin: true,
    logLevel: 'silent',
  });
  try {
    const wsHttp = bridge.url.replace('ws', 'http');
    assert.ok(bridge.metricsUrl && bridge.metricsUrl !== wsHttp);
    const c = await RawClient.connect(bridge.url);
    await c.close(1000);
    await until(() => bridge.metrics().connectionsOpen === 0, 'release');
    assert.equal((await fetch(`${wsHttp}/metrics`)).status, 404);
    assert.equal((await fetch(`${wsHttp}/livez`)).status, 200);
    assert.equal((await fetch(`${wsHttp}/readyz`)).status, 200);
    assert.equal((await fetch(`${bridge.metricsUrl}/livez`)).status, 200);
    assert.equal((await fetch(`${bridge.metricsUrl}/readyz`)).status, 200);
    const metrics = await fetch(`${bridge.metricsUrl}/metrics`);
    assert.equal(metrics.status, 200);
    const text = await metrics.text();
    assert.match(text, /^orientdb_bridge_connections_total 1$/m);
    assert.match(text, /^orientdb_bridge_bytes_total\{direction="upstream_to_client"\} [1-9]/m);
    assert.equal((await fetch(`${bridge.metricsUrl}/`)).status, 404);
  } finally {
    await bridge.close();
  }
});

test('by default /metrics is not on the WebSocket port (the attack: read traffic counters from a page)', async () => {
  const server = await sharedServer();
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    allowServerOps: true,
    upstreams: [`${server.host}:${server.port}`],
    allowMissingOrigin: true,
    logLevel: 'silent',
  });
  try {
    assert.equal(bridge.metricsUrl, undefined);
    const res = await fetch(`${bridge.url.replace('ws', 'http')}/metrics`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(await res.text(), /orientdb_bridge_/);
  } finally {
    await bridge.close();
  }
});
