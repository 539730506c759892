// Session parking against the real OrientDB: park on 4000 and resume the same upstream (its
// session still answers), expiry, a wrong id, an id used twice, and a park refused mid-request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer } from '@orientdb-edge/testkit';
import type { BridgeOptions, LogRecord } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { dbExistRequest, loginAsRoot, readDbExistResponse } from '../support/orientdb-bytes.js';
import { startFakePeer } from '../support/fake-peer.js';
import { until } from '../support/wait.js';
import { testBridge } from '../support/test-bridge.js';

async function bridgeFor(extra: Partial<BridgeOptions> = {}) {
  const server = await sharedServer();
  const bridge = await testBridge(server, { upgradeRatePerSecond: 0, ...extra });
  return { server, bridge };
}

test('park with 4000, resume with the id: same upstream, same OrientDB session, no greeting; the id is then dead', async () => {
  const { server, bridge } = await bridgeFor();
  try {
    const first = await RawClient.connect(bridge.url);
    const s = await loginAsRoot(first, server.rootPassword);
    const id = first.welcome!.resumeId;
    await first.close(4000, 'park');
    await until(() => bridge.metrics().connectionsParked === 1, 'the upstream to be parked');
    assert.equal(bridge.metrics().parks.parked, 1);

    const second = await RawClient.connect(bridge.url, { v: 1, resume: id });
    assert.equal(second.welcome!.resumed, true);
    assert.notEqual(second.welcome!.resumeId, id);
    assert.equal(bridge.metrics().connectionsParked, 0);
    second.send(dbExistRequest(s.session, s.token, 'nothing-here'));
    const r = await readDbExistResponse(second);
    assert.deepEqual([r.status, r.opcode, r.exists], [0, 6, false]);

    const third = await RawClient.open(bridge.url);
    await assert.rejects(third.hello({ v: 1, resume: id }));
    assert.equal((await third.closed).code, 4404);

    // The resumed connection can park again under its new id.
    const nextId = second.welcome!.resumeId;
    await second.close(4000);
    await until(() => bridge.metrics().connectionsParked === 1, 'the second park');
    const fourth = await RawClient.connect(bridge.url, { v: 1, resume: nextId });
    fourth.send(dbExistRequest(s.session, s.token, 'nothing-here'));
    assert.equal((await readDbExistResponse(fourth)).status, 0);
    await fourth.close(1000);
    assert.equal(bridge.metrics().parks.resumed, 2);
  } finally {
    await bridge.close();
  }
});

test('a parked upstream expires after the grace period; its id is then refused with 4404', async () => {
  const { server, bridge } = await bridgeFor({ parkGraceMs: 150 });
  try {
    const c = await RawClient.connect(bridge.url);
    await loginAsRoot(c, server.rootPassword);
    const id = c.welcome!.resumeId;
    await c.close(4000);
    await until(() => bridge.metrics().parks.expired === 1, 'the parked upstream to expire');
    assert.equal(bridge.metrics().connectionsParked, 0);
    const late = await RawClient.open(bridge.url);
    await assert.rejects(late.hello({ v: 1, resume: id }));
    assert.deepEqual(await late.closed, { code: 4404, reason: 'unknown or expired resume id' });
  } finally {
    await bridge.close();
  }
});

test('a wrong resume id is refused with 4404 and never touches a parked upstream', async () => {
  const { server, bridge } = await bridgeFor();
  try {
    const c = await RawClient.connect(bridge.url);
    await loginAsRoot(c, server.rootPassword);
    const id = c.welcome!.resumeId;
    await c.close(4000);
    await until(() => bridge.metrics().connectionsParked === 1, 'the park');
    const wrongId = (id[0] === 'A' ? 'B' : 'A') + id.slice(1);
    const w = await RawClient.open(bridge.url);
    await assert.rejects(w.hello({ v: 1, resume: wrongId }));
    assert.equal((await w.closed).code, 4404);
    assert.equal(bridge.metrics().connectionsParked, 1);
    const right = await RawClient.connect(bridge.url, { v: 1, resume: id });
    assert.equal(right.welcome!.resumed, true);
    await right.close(1000);
  } finally {
    await bridge.close();
  }
});

test('a park while a request is half sent is refused: the upstream is closed, not kept', async () => {
  const { server, bridge } = await bridgeFor();
  try {
    const c = await RawClient.connect(bridge.url);
    const s = await loginAsRoot(c, server.rootPassword);
    c.send(dbExistRequest(s.session, s.token, 'x').subarray(0, 7));
    const id = c.welcome!.resumeId;
    await c.close(4000);
    await until(() => bridge.metrics().parks.refused === 1, 'the park to be refused');
    assert.equal(bridge.metrics().connectionsParked, 0);
    const r = await RawClient.open(bridge.url);
    await assert.rejects(r.hello({ v: 1, resume: id }));
    assert.equal((await r.closed).code, 4404);
  } finally {
    await bridge.close();
  }
});

test('a parked upstream that sends bytes or closes is discarded (fake peer: a push while parked)', async () => {
  const peer = await startFakePeer();
  const bridge = await testBridge({ host: '127.0.0.1', port: peer.port });
  try {
    const a = await RawClient.connect(bridge.url);
    const upstreamA = await peer.nextSocket();
    await a.read(2);
    await a.close(4000);
    await until(() => bridge.metrics().connectionsParked === 1, 'park A');
    upstreamA.write(Buffer.from([3, 0, 0, 0, 0]));
    await until(() => bridge.metrics().parks.discarded === 1, 'A discarded after a byte');

    const b = await RawClient.connect(bridge.url);
    const upstreamB = await peer.nextSocket();
    await b.read(2);
    const idB = b.welcome!.resumeId;
    await b.close(4000);
    await until(() => bridge.metrics().connectionsParked === 1, 'park B');
    upstreamB.end();
    await until(() => bridge.metrics().parks.discarded === 2, 'B discarded after the upstream closed');
    const late = await RawClient.open(bridge.url);
    await assert.rejects(late.hello({ v: 1, resume: idB }));
    assert.equal((await late.closed).code, 4404);
  } finally {
    await bridge.close();
    await peer.close();
  }
});

test('parking is bounded by maxParked; the overflow upstream is closed', async () => {
  const { server, bridge } = await bridgeFor({ maxParked: 1 });
  try {
    const a = await RawClient.connect(bridge.url);
    const b = await RawClient.connect(bridge.url);
    await loginAsRoot(a, server.rootPassword);
    await loginAsRoot(b, server.rootPassword);
    await a.close(4000);
    await until(() => bridge.metrics().connectionsParked === 1, 'park A');
    await b.close(4000);
    await until(() => bridge.metrics().parks.refused === 1, 'B refused');
    assert.equal(bridge.metrics().connectionsParked, 1);
  } finally {
    await bridge.close();
  }
});

test("a resume that overtakes the old WebSocket's park close waits for it and gets the upstream", async () => {
  const records: LogRecord[] = [];
  const { server, bridge } = await bridgeFor({ logLevel: 'debug', logger: (r) => records.push(r) });
  try {
    const old = await RawClient.connect(bridge.url);
    const s = await loginAsRoot(old, server.rootPassword);
    const fresh = await RawClient.open(bridge.url);
    const welcome = fresh.hello({ v: 1, resume: old.welcome!.resumeId });
    await until(() => records.some((r) => r.msg === 'resume_wait'), 'the resume hello to wait for the park');
    await old.close(4000);
    assert.equal((await welcome).resumed, true);
    fresh.send(dbExistRequest(s.session, s.token, 'overtaken'));
    assert.equal((await readDbExistResponse(fresh)).status, 0);
    await fresh.close(1000);
  } finally {
    await bridge.close();
  }
});

test('a resume that overtakes an old WebSocket which then closes without parking is refused at once', async () => {
  const records: LogRecord[] = [];
  const { server, bridge } = await bridgeFor({ logLevel: 'debug', logger: (r) => records.push(r) });
  try {
    const old = await RawClient.connect(bridge.url);
    await loginAsRoot(old, server.rootPassword);
    const fresh = await RawClient.open(bridge.url);
    void fresh.hello({ v: 1, resume: old.welcome!.resumeId }).catch(() => undefined);
    await until(() => records.some((r) => r.msg === 'resume_wait'), 'the resume hello to wait for the park');
    const began = performance.now();
    await old.close(1000);
    assert.equal((await fresh.closed).code, 4404);
    // Not the 2 s wait for a park that will never come: the old connection's close settles it.
    assert.ok(performance.now() - began < 1500, `refused after ${Math.round(performance.now() - began)} ms`);
  } finally {
    await bridge.close();
  }
});
