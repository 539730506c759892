// Refusals before the upgrade, over real HTTP: Origin, access token, subprotocol, per-IP cap and
// upgrade rate. A refused upgrade never opens an upstream connection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer } from '@orientdb-edge/testkit';
import { startBridge, type BridgeOptions } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { readGreeting } from '../support/orientdb-bytes.js';

async function withBridge(
  extra: Partial<BridgeOptions>,
  body: (url: string, metrics: () => ReturnType<Awaited<ReturnType<typeof startBridge>>['metrics']>) => Promise<void>,
) {
  const server = await sharedServer();
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`${server.host}:${server.port}`],
    logLevel: 'silent',
    ...extra,
  });
  try {
    await body(bridge.url, () => bridge.metrics());
  } finally {
    await bridge.close();
  }
}

const status = (p: Promise<unknown>) =>
  p.then(
    () => 101,
    (e: { status?: number }) => e.status ?? -1,
  );

test('a disallowed Origin is refused with 403 before the upgrade; an allowed one relays', async () => {
  await withBridge({ allowOrigins: ['https://app.example'] }, async (url, metrics) => {
    assert.equal(await status(RawClient.open(url, { origin: 'https://evil.example' })), 403);
    assert.equal(await status(RawClient.open(url, { origin: 'https://app.example.evil' })), 403);
    assert.equal(await status(RawClient.open(url)), 403);
    assert.equal(metrics().refusedUpgrades.origin, 3);
    assert.equal(metrics().connectionsTotal, 0);
    assert.equal(metrics().bytesUpstreamToClient, 0);
    const ok = await RawClient.connect(url, { v: 1 }, { origin: 'https://app.example' });
    assert.equal(await readGreeting(ok), 38);
    await ok.close(1000);
  });
});

test('access token: 401 without or with a wrong one; accepted in the query or as a bearer header', async () => {
  const token = 'tok-0123456789abcdef';
  await withBridge({ allowMissingOrigin: true, accessToken: token }, async (url, metrics) => {
    assert.equal(await status(RawClient.open(url)), 401);
    assert.equal(await status(RawClient.open(`${url}/?access_token=wrong-0123456789abcdef`)), 401);
    const q = await RawClient.connect(`${url}/?access_token=${token}`);
    await q.close(1000);
    const h = await RawClient.connect(url, { v: 1 }, { headers: { authorization: `Bearer ${token}` } });
    await h.close(1000);
    assert.equal(metrics().refusedUpgrades.token, 2);
    assert.equal(metrics().connectionsTotal, 2);
  });
});

test('a missing or foreign subprotocol is refused with 400', async () => {
  await withBridge({ allowMissingOrigin: true }, async (url, metrics) => {
    assert.equal(await status(RawClient.open(url, { protocols: [] })), 400);
    assert.equal(await status(RawClient.open(url, { protocols: ['binary'] })), 400);
    assert.equal(metrics().refusedUpgrades.subprotocol, 2);
  });
});

test('per-IP cap and upgrade rate answer 429, total cap 503, with Retry-After', async () => {
  await withBridge(
    { allowMissingOrigin: true, maxConnectionsPerIp: 2, upgradeRatePerSecond: 0 },
    async (url, metrics) => {
      const a = await RawClient.connect(url);
      const b = await RawClient.connect(url);
      assert.equal(await status(RawClient.open(url)), 429);
      await a.close(1000);
      const c = await RawClient.connect(url);
      await Promise.all([b.close(1000), c.close(1000)]);
      assert.equal(metrics().refusedUpgrades.per_ip, 1);
    },
  );
  await withBridge({ allowMissingOrigin: true, maxConnections: 1, upgradeRatePerSecond: 0 }, async (url) => {
    const a = await RawClient.connect(url);
    const refused = await RawClient.open(url).then(
      () => undefined,
      (e: { status: number; headers: Record<string, string> }) => e,
    );
    assert.equal(refused?.status, 503);
    assert.equal(refused?.headers['retry-after'], '1');
    await a.close(1000);
  });
  await withBridge({ allowMissingOrigin: true, upgradeRatePerSecond: 3 }, async (url, metrics) => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => status(RawClient.open(url).then((c) => c.close(1000)))),
    );
    assert.equal(results.filter((s) => s === 429).length, 3);
    assert.equal(metrics().refusedUpgrades.rate, 3);
  });
});
