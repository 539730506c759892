// A burst of WebSockets opened at once through the bridge CLI against a real OrientDB: how many
// upstream connects fail (reset, refused, timed out) and how long until every WebSocket has its
// welcome and OrientDB's greeting. Too heavy for a 2-core CI run at 1,000; the integration suite
// runs a smaller burst (test/integration/burst.test.ts).
// Run: node --import tsx packages/bridge/bench/burst.ts [count] [extra bridge flags...]
// e.g. `... burst.ts 1000 --upstream-connect-concurrency 100000` to see the bridge without pacing.
import { startOrientDB } from '@orientdb-edge/testkit';
import { burstFlags, cliFlags, runBridgeCli } from '../test/support/bridge-process.js';
import { RawClient } from '../test/support/raw-client.js';

const N = Number(process.argv[2] ?? 1000);
const extra = process.argv.slice(3);

const server = await startOrientDB();
const bridge = await runBridgeCli(
  cliFlags(`${server.host}:${server.port}`, '--log-level', 'error', ...burstFlags(N), ...extra),
);
try {
  const started = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: N }, async () => {
      const client = await RawClient.connect(bridge.url);
      await client.read(2);
      return client;
    }),
  );
  const openMs = performance.now() - started;
  const open = outcomes.filter((o) => o.status === 'fulfilled').map((o) => o.value);
  const failures = new Map<string, number>();
  for (const o of outcomes) {
    if (o.status === 'rejected') {
      const reason = (o.reason as Error).message;
      failures.set(reason, (failures.get(reason) ?? 0) + 1);
    }
  }
  const errors = (kind: string) => bridge.metric(`orientdb_bridge_upstream_errors_total{kind="${kind}"}`);
  const [reset, connect, timeout] = await Promise.all([errors('reset'), errors('connect'), errors('timeout')]);
  console.log(
    `${N} WebSockets at once (bridge flags: ${extra.join(' ') || 'defaults'}): ${open.length} open with OrientDB's greeting in ${Math.round(openMs)} ms; upstream errors: reset ${reset}, connect ${connect}, timeout ${timeout}`,
  );
  for (const [reason, count] of failures) console.log(`  ${count} failed: ${reason}`);
  await Promise.all(open.map((c) => c.close(1000)));
} finally {
  await bridge.stop();
  await server.stop();
}
