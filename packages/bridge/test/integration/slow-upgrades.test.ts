// Half-sent upgrade requests (slowloris) cannot hold the bridge's sockets: each connection must finish
// its request headers within the header deadline, and one address may have only so many unfinished at
// once; the extra ones are closed at once. The attacker is raw TCP sockets; the upstream the real OrientDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { sharedServer } from '@orientdb-edge/testkit';
import { RawClient } from '../support/raw-client.js';
import { testBridge } from '../support/test-bridge.js';
import { until } from '../support/wait.js';

/** A TCP connection that sends the start of an upgrade request and then nothing. */
interface HalfSent {
  socket: Socket;
  closed: () => boolean;
}

async function halfSentUpgrade(url: string): Promise<HalfSent> {
  const { hostname, port } = new URL(url);
  const socket = connect({ host: hostname, port: Number(port) });
  socket.on('error', () => {});
  let closed = false;
  socket.once('close', () => {
    closed = true;
  });
  await once(socket, 'connect');
  socket.write('GET / HTTP/1.1\r\nHost: bridge\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n');
  return { socket, closed: () => closed };
}

test('half-sent upgrades: extra ones from one address refused at once, the rest closed at the header deadline', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server, { headerTimeoutMs: 1_500, maxPendingUpgradesPerIp: 8 });
  try {
    const held: HalfSent[] = [];
    for (let i = 0; i < 8; i++) held.push(await halfSentUpgrade(bridge.url));
    const extra: HalfSent[] = [];
    for (let i = 0; i < 4; i++) extra.push(await halfSentUpgrade(bridge.url));
    // Bounded waits: on a bridge without the guard these sockets stay open for half a minute or more.
    await until(() => extra.every((e) => e.closed()), 'the extra half-sent upgrades to be refused', 5_000);
    assert.equal(bridge.metrics().refusedUpgrades.pending_per_ip, 4);
    assert.equal(bridge.metrics().refusedUpgrades.header_timeout, 0);
    assert.ok(
      held.every((h) => !h.closed()),
      'the first eight are still waiting for their headers',
    );
    await until(() => held.every((h) => h.closed()), 'the header deadline to close the rest', 10_000);
    assert.equal(bridge.metrics().refusedUpgrades.header_timeout, 8);
    // The address is free again: a whole upgrade goes through.
    const c = await RawClient.connect(bridge.url);
    await c.read(2);
    await c.close(1000);
    await until(() => bridge.metrics().connectionsOpen === 0, 'release');
  } finally {
    await bridge.close();
  }
});
