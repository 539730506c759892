// 1,000 concurrent WebSockets through one bridge process. The upstream is a fake TCP peer that
// greets and echoes: the real OrientDB reset 113 of 1,000 simultaneous connects and took 33 s to
// accept the rest on this machine, which does not fit a 2-core CI run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startFakePeer } from '../support/fake-peer.js';
import { burstFlags, cliFlags, runBridgeCli } from '../support/bridge-process.js';
import { RawClient } from '../support/raw-client.js';
import { until } from '../support/wait.js';

const N = 1000;

test('1,000 concurrent WebSockets each relay their own bytes; memory per connection is measured', async () => {
  const peer = await startFakePeer((s) => s.pipe(s));
  const bridge = await runBridgeCli(
    cliFlags(
      `127.0.0.1:${peer.port}`,
      // The fake peer echoes bytes that are not OrientDB requests: the relay's mechanics, without the policy.
      '--no-policy',
      '--log-level',
      'warn',
      ...burstFlags(N),
    ),
  );
  const clients: RawClient[] = [];
  try {
    const before = bridge.rssBytes();
    const started = performance.now();
    for (let batch = 0; batch < N; batch += 250) {
      clients.push(...(await Promise.all(Array.from({ length: 250 }, () => RawClient.connect(bridge.url)))));
    }
    await Promise.all(clients.map((c) => c.read(2)));
    const openMs = performance.now() - started;
    assert.equal(await bridge.metric('orientdb_bridge_connections_open'), N);
    assert.equal(peer.sockets.size, N);
    const after = bridge.rssBytes();
    for (const [i, c] of clients.entries()) c.send(Buffer.from(`client-${i}`));
    const echoes = await Promise.all(clients.map((c, i) => c.read(`client-${i}`.length)));
    for (const [i, e] of echoes.entries()) assert.equal(e.toString(), `client-${i}`);
    console.log(
      `1000 WebSockets: open + greeted in ${Math.round(openMs)} ms; bridge RSS ${(before / 2 ** 20).toFixed(1)} -> ${(after / 2 ** 20).toFixed(1)} MiB, ${((after - before) / N / 1024).toFixed(1)} KiB per idle connection`,
    );
    await Promise.all(clients.map((c) => c.close(1000)));
    await until(
      async () => (await bridge.metric('orientdb_bridge_connections_open')) === 0,
      'every connection to be released',
    );
    await until(() => peer.sockets.size === 0, 'every upstream socket to be closed');
  } finally {
    await bridge.stop();
    await peer.close();
  }
});
