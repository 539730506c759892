// Unfinished messages cannot pin the bridge's memory: a message held unfinished past the deadline
// closes its connection with 4408, and connections together holding more than the budget are closed,
// largest first, with 4413. The attacker is `ws` sending fragments without the last one (fin: false);
// the upstream is the real OrientDB.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer } from '@orientdb-edge/testkit';
import { CLOSE } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { testBridge } from '../support/test-bridge.js';
import { until } from '../support/wait.js';

const MIB = 1024 * 1024;

/** Sends the first fragment of a binary message and never the rest. */
function holdUnfinished(c: RawClient, bytes: number): void {
  c.ws.send(Buffer.alloc(bytes, 0x11), { binary: true, fin: false });
}

test('a fragmented message left unfinished past the deadline closes with 4408', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server, { messageDeadlineMs: 300 });
  try {
    const c = await RawClient.connect(bridge.url);
    await c.read(2);
    let closed: { code: number; reason: string } | undefined;
    void c.closed.then((x) => {
      closed = x;
    });
    holdUnfinished(c, 256 * 1024);
    // Bounded: a bridge without the deadline keeps this connection for its 30-minute idle timeout.
    await until(() => closed, 'the connection holding an unfinished message to be closed', 10_000);
    assert.equal(closed!.code, CLOSE.TIMEOUT);
    assert.match(closed!.reason, /not finished in time/);
    const m = bridge.metrics();
    assert.equal(m.closes.message_deadline, 1);
    await until(() => bridge.metrics().connectionsOpen === 0, 'release');
    assert.equal(bridge.metrics().bufferedBytes, 0);
  } finally {
    await bridge.close();
  }
});

test('connections holding unfinished messages beyond the budget are closed with 4413, largest first', async () => {
  const server = await sharedServer();
  const budget = 4 * MIB;
  const bridge = await testBridge(server, { maxBufferedBytes: budget, messageDeadlineMs: 600_000 });
  try {
    const clients: RawClient[] = [];
    for (let i = 0; i < 16; i++) {
      const c = await RawClient.connect(bridge.url);
      await c.read(2);
      clients.push(c);
    }
    // One small holder first: it must survive, the big ones go.
    holdUnfinished(clients[0]!, 64 * 1024);
    for (const c of clients.slice(1)) holdUnfinished(c, MIB);
    const codes: number[] = [];
    for (const c of clients) void c.closed.then((closed) => codes.push(closed.code));
    await until(
      () => bridge.metrics().closes.memory_budget >= 12 && codes.length === bridge.metrics().closes.memory_budget,
      'the connections over the budget to be closed',
    );
    assert.deepEqual(new Set(codes), new Set([CLOSE.MEMORY_BUDGET]));
    assert.ok(bridge.metrics().bufferedBytes <= budget, `${bridge.metrics().bufferedBytes} held`);
    assert.equal(clients[0]!.ws.readyState, clients[0]!.ws.OPEN, 'the small holder is left alone');
    const open = clients.filter((c) => c.ws.readyState === c.ws.OPEN).length;
    assert.ok(open >= 2 && open <= 4, `${open} left open`);
    for (const c of clients) c.ws.terminate();
    await until(() => bridge.metrics().connectionsOpen === 0, 'release');
    assert.equal(bridge.metrics().bufferedBytes, 0);
  } finally {
    await bridge.close();
  }
});
