// Backpressure both ways with a fake upstream (a flood or a peer that stops reading cannot be
// produced on demand by the real server): bounded bridge memory, byte-exact delivery, 4429 on a stall.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';
import { encodeHello, SUBPROTOCOL } from '../../src/index.js';
import { startFakePeer } from '../support/fake-peer.js';
import { runBridgeCli } from '../support/bridge-process.js';
import { RawClient } from '../support/raw-client.js';
import { until } from '../support/wait.js';
import { testBridge } from '../support/test-bridge.js';

const MIB = 1024 * 1024;

/** Writes `total` bytes of a counter pattern with the socket's own backpressure; returns a progress probe. */
function flood(socket: Socket, total: number) {
  const state = { written: 0, hash: createHash('sha256'), done: false };
  const chunk = Buffer.alloc(64 * 1024);
  const pump = () => {
    while (state.written < total) {
      chunk.fill(state.written / chunk.length);
      const n = Math.min(chunk.length, total - state.written);
      const piece = Buffer.from(chunk.subarray(0, n));
      state.hash.update(piece);
      state.written += n;
      if (!socket.write(piece)) {
        socket.once('drain', pump);
        return;
      }
    }
    state.done = true;
  };
  pump();
  return state;
}

async function stable(probe: () => number, what: string): Promise<number> {
  let last = -1;
  let same = 0;
  return until(
    () => {
      const now = probe();
      same = now === last ? same + 1 : 0;
      last = now;
      return same >= 10 ? now : 0;
    },
    what,
    30_000,
  );
}

test('a slow reader does not grow the bridge beyond its limit (RSS of the CLI process), then gets every byte', async () => {
  const TOTAL = 256 * MIB;
  let state: ReturnType<typeof flood> | undefined;
  const peer = await startFakePeer();
  const bridge = await runBridgeCli([
    '--listen',
    '127.0.0.1:0',
    '--upstream',
    `127.0.0.1:${peer.port}`,
    '--allow-missing-origin',
    '--log-level',
    'warn',
    '--high-water-mark',
    String(MIB),
  ]);
  try {
    const ws = new WebSocket(bridge.url, [SUBPROTOCOL]);
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const received = { bytes: 0, hash: createHash('sha256'), welcome: false, greeting: 0 };
    const finished = new Promise<void>((resolve) =>
      ws.on('message', (data: Buffer) => {
        if (!received.welcome) {
          received.welcome = true;
          return;
        }
        let d = data;
        if (received.greeting < 2) {
          const g = Math.min(2 - received.greeting, d.length);
          received.greeting += g;
          d = d.subarray(g);
        }
        received.hash.update(d);
        received.bytes += d.length;
        if (received.bytes === TOTAL) resolve();
      }),
    );
    ws.send(encodeHello({ v: 1 }));
    const upstream = await peer.nextSocket();
    const baseline = bridge.rssBytes();
    (ws as unknown as { _socket: Socket })._socket.pause();
    state = flood(upstream, TOTAL);
    const stalledAt = await stable(() => state!.written, 'the upstream to be held back');
    const rssWhileStalled = bridge.rssBytes();
    assert.ok(stalledAt < 64 * MIB, `upstream wrote ${stalledAt} bytes before being held back`);
    assert.ok((await bridge.metric('orientdb_bridge_backpressure_pauses_total{direction="upstream_to_client"}')) >= 1);
    let peak = rssWhileStalled;
    const sampler = setInterval(() => {
      peak = Math.max(peak, bridge.rssBytes());
    }, 50);
    (ws as unknown as { _socket: Socket })._socket.resume();
    await finished;
    clearInterval(sampler);
    assert.equal(received.hash.digest('hex'), state.hash.digest('hex'));
    const growth = peak - baseline;
    console.log(
      `slow reader: upstream held at ${(stalledAt / MIB).toFixed(1)} MiB of ${TOTAL / MIB}; bridge RSS ${(baseline / MIB).toFixed(1)} MiB -> stalled ${(rssWhileStalled / MIB).toFixed(1)} MiB, peak ${(peak / MIB).toFixed(1)} MiB during the 256 MiB transfer`,
    );
    assert.ok(growth < 64 * MIB, `bridge RSS grew by ${(growth / MIB).toFixed(1)} MiB`);
    ws.close(1000);
  } finally {
    await bridge.stop();
    await peer.close();
  }
});

test('a client that stops reading is closed with 4429 once stalled past stallTimeoutMs', async () => {
  const peer = await startFakePeer();
  const bridge = await testBridge(
    { host: '127.0.0.1', port: peer.port },
    { highWaterMark: 256 * 1024, stallTimeoutMs: 200 },
  );
  try {
    const c = await RawClient.connect(bridge.url);
    const upstream = await peer.nextSocket();
    (c.ws as unknown as { _socket: Socket })._socket.pause();
    const upstreamClosed = new Promise((resolve) => upstream.once('close', resolve));
    flood(upstream, 512 * MIB);
    await until(() => bridge.metrics().closes.backpressure === 1, 'the stalled connection to be closed');
    await upstreamClosed;
    assert.ok(bridge.metrics().backpressurePauses.upstreamToClient >= 1);
    (c.ws as unknown as { _socket: Socket })._socket.resume();
    const closed = await c.closed;
    assert.ok(closed.code === 4429 || closed.code === 1006, `close code ${closed.code}`);
  } finally {
    await bridge.close();
    await peer.close();
  }
});

test('an upstream that stops reading pauses the WebSocket, and a long stall closes it with 4429', async () => {
  const peer = await startFakePeer((s) => s.pause());
  const bridge = await testBridge({ host: '127.0.0.1', port: peer.port }, { stallTimeoutMs: 300 });
  try {
    const c = await RawClient.connect(bridge.url);
    await c.read(2);
    const block = Buffer.alloc(MIB, 1);
    for (let i = 0; i < 64; i++) c.send(block);
    await until(() => bridge.metrics().backpressurePauses.clientToUpstream >= 1, 'the WebSocket to be paused');
    assert.ok(bridge.metrics().bytesClientToUpstream < 64 * MIB);
    assert.equal((await c.closed).code, 4429);
    assert.equal(bridge.metrics().closes.backpressure, 1);
  } finally {
    await bridge.close();
    await peer.close();
  }
});
