// A bridge in its own process (forked by bridge-process.ts), so the client's CPU and heap figures
// never include the bridge, and its RSS can be read alone. Answers 'stats' with RSS and heap after a GC.
import { readFileSync } from 'node:fs';
import { startBridge } from '@orientdb-edge/bridge';

const upstream = process.argv[2]!;
const bridge = await startBridge({
  listen: '127.0.0.1:0',
  upstreams: [upstream],
  allowMissingOrigin: true,
  allowOrigins: process.argv.slice(3),
  maxConnections: 20_000,
  maxConnectionsPerIp: 20_000,
  maxPendingUpgradesPerIp: 20_000,
  upgradeRatePerSecond: 0,
  heartbeatMs: 0,
  logLevel: 'error',
  // BENCH_BRIDGE_POLICY=off: the relay without the gateway's request reading, to price the policy.
  policy: process.env.BENCH_BRIDGE_POLICY !== 'off',
});

function rssBytes(): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.memoryUsage().rss;
}

process.on('message', (msg: { type: string; gc?: boolean }) => {
  if (msg.type === 'stats') {
    if (msg.gc !== false) (globalThis as { gc?: () => void }).gc?.();
    const m = bridge.metrics();
    process.send!({
      type: 'stats',
      rss: rssBytes(),
      heapUsed: process.memoryUsage().heapUsed,
      open: m.connectionsOpen,
      parked: m.connectionsParked,
    });
  } else if (msg.type === 'close') {
    void bridge.close().then(() => process.exit(0));
  }
});
process.send!({ type: 'ready', url: bridge.url });
