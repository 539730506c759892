// A burst of WebSockets opened at once against the real OrientDB: every upstream connect succeeds because
// the bridge paces them (OrientDB's accept queue holds 50; an unpaced bridge saw resets from about 150
// simultaneous connects on). The 1,000 burst with its figures is bench/burst.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer } from '@orientdb-edge/testkit';
import { burstFlags, cliFlags, runBridgeCli } from '../support/bridge-process.js';
import { RawClient } from '../support/raw-client.js';
import { readGreeting } from '../support/orientdb-bytes.js';

const N = 300;

test(`${N} WebSockets at once all get an upstream and OrientDB's greeting, with no upstream error`, async () => {
  const server = await sharedServer();
  const bridge = await runBridgeCli(
    cliFlags(`${server.host}:${server.port}`, '--log-level', 'error', ...burstFlags(N)),
  );
  const open: RawClient[] = [];
  try {
    const outcomes = await Promise.allSettled(
      Array.from({ length: N }, async () => {
        const client = await RawClient.connect(bridge.url);
        open.push(client);
        return readGreeting(client);
      }),
    );
    const failed = outcomes.filter((o) => o.status === 'rejected').map((o) => String(o.reason));
    assert.deepEqual(failed, [], `${failed.length} of ${N} failed`);
    for (const o of outcomes) assert.equal(o.status === 'fulfilled' && o.value, server.protocolVersion);
    for (const kind of ['reset', 'connect', 'timeout', 'queue'])
      assert.equal(await bridge.metric(`orientdb_bridge_upstream_errors_total{kind="${kind}"}`), 0, kind);
  } finally {
    await Promise.all(open.map((c) => c.close(1000)));
    await bridge.stop();
  }
});
