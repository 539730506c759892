// Memory held by connections that each leave a fragmented message unfinished (the first 16 MiB minus
// 1 KiB sent with fin: false, the rest never), in the bridge CLI process against a real OrientDB: with
// the default budget and deadline, and with both set out of reach (what the bridge did before it had
// them). Prints RSS before, at the peak and after, and when the connections were closed.
// Run: node --conditions=source --import tsx packages/bridge/bench/unfinished-messages.ts [connections]
import { startOrientDB } from '@orientdb-edge/testkit';
import { runBridgeCli, type BridgeProcess } from '../test/support/bridge-process.js';
import { RawClient } from '../test/support/raw-client.js';

const N = Number(process.argv[2] ?? 16);
const MIB = 1024 * 1024;
const FRAGMENT = 16 * MIB - 1024;
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function run(label: string, server: { host: string; port: number }, extra: string[], watchMs: number) {
  const bridge: BridgeProcess = await runBridgeCli([
    '--listen',
    '127.0.0.1:0',
    '--upstream',
    `${server.host}:${server.port}`,
    '--allow-missing-origin',
    '--upgrade-rate-per-second',
    '0',
    '--log-level',
    'error',
    ...extra,
  ]);
  try {
    const clients: RawClient[] = [];
    for (let i = 0; i < N; i++) {
      const c = await RawClient.connect(bridge.url);
      await c.read(2);
      clients.push(c);
    }
    await settle(500);
    const before = bridge.rssBytes();
    const start = performance.now();
    const closedAt: number[] = [];
    for (const c of clients) void c.closed.then(() => closedAt.push(performance.now() - start));
    for (const c of clients) c.ws.send(Buffer.alloc(FRAGMENT, 0x11), { binary: true, fin: false });
    let peak = before;
    while (performance.now() - start < watchMs && closedAt.length < N) {
      peak = Math.max(peak, bridge.rssBytes());
      await settle(100);
    }
    await settle(1500);
    const after = bridge.rssBytes();
    const held = await bridge.metric('orientdb_bridge_buffered_bytes');
    closedAt.sort((a, b) => a - b);
    console.log(
      `${label}: RSS ${(before / MIB).toFixed(0)} MiB before, peak ${(peak / MIB).toFixed(0)} MiB, ` +
        `${(after / MIB).toFixed(0)} MiB after ${((performance.now() - start) / 1000).toFixed(1)} s; ` +
        `buffered_bytes gauge ${(held / MIB).toFixed(1)} MiB; ${closedAt.length}/${N} closed` +
        (closedAt.length ? ` (first at ${closedAt[0]!.toFixed(0)} ms, last at ${closedAt.at(-1)!.toFixed(0)} ms)` : ''),
    );
    for (const c of clients) c.ws.terminate();
  } finally {
    await bridge.stop();
  }
}

const server = await startOrientDB();
try {
  await run(
    'no budget, no deadline',
    server,
    ['--max-buffered-bytes', String(2 ** 40), '--message-deadline-ms', String(10 ** 9)],
    40_000,
  );
  await run('defaults (128 MiB budget, 30 s deadline)', server, [], 40_000);
} finally {
  await server.stop();
}
