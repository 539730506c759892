// Opening a Connection over the memory transport: greeting, handshake bytes, version choice, failures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatefulConnection as Connection } from '../../../src/session/stateful-connection.js';
import { CLIENT_VERSION } from '../../../src/session/client-version.js';
import { memoryTransport } from '../../support/memory-transport.js';
import {
  ConnectionLostError,
  ConnectionRefusedError,
  NoGreetingError,
  NotSupportedError,
} from '../../../src/errors.js';
import { hex, str, toHex } from './harness.js';

test('greeting 38 → HANDSHAKE announcing 38 with the driver, encoding 0 and empty error detail', async () => {
  const mt = memoryTransport({ greeting: hex('0026') });
  const conn = await Connection.open(mt.transport);
  assert.equal(conn.serverProtocolVersion, 38);
  assert.equal(conn.protocolVersion, 38);
  assert.equal(conn.resumed, false);
  assert.equal(toHex(mt.peer.written()), '14' + '0026' + str('orientdb-edge') + str(CLIENT_VERSION) + '00' + '02');
  assert.equal(conn.idle, true);
});

test('greeting 37 → HANDSHAKE announcing 37; a client may also cap at 37; stack-trace detail asks for 1', async () => {
  const a = memoryTransport({ greeting: hex('0025') });
  const c1 = await Connection.open(a.transport, { driverName: 'x', driverVersion: 'y' });
  assert.equal(c1.protocolVersion, 37);
  assert.equal(toHex(a.peer.written()), '14' + '0025' + str('x') + str('y') + '00' + '02');
  const b = memoryTransport({ greeting: hex('0026') });
  const c2 = await Connection.open(b.transport, { protocolVersion: 37, errorDetail: 'stack-trace' });
  assert.equal(c2.serverProtocolVersion, 38);
  assert.equal(c2.protocolVersion, 37);
  assert.equal(toHex(b.peer.written()).slice(0, 6), '140025');
  assert.equal(toHex(b.peer.written()).slice(-2), '01');
});

test('a greeting split byte by byte is read once complete', async () => {
  const mt = memoryTransport();
  const opening = Connection.open(mt.transport);
  await mt.peer.connected;
  await Promise.resolve();
  mt.peer.push([0x00]);
  assert.equal(mt.peer.written().length, 0);
  mt.peer.push([0x26]);
  const conn = await opening;
  assert.equal(conn.serverProtocolVersion, 38);
});

test('a server older than 37 is refused with NotSupportedError and the stream is closed', async () => {
  const mt = memoryTransport({ greeting: hex('0024') });
  await assert.rejects(Connection.open(mt.transport), NotSupportedError);
  assert.deepEqual(mt.peer.closedByClient, { park: false });
  assert.equal(mt.peer.written().length, 0);
});

test('a resumed stream (bridge) has no greeting and sends no handshake', async () => {
  const mt = memoryTransport({ resumed: true, resumeId: 'r1' });
  const conn = await Connection.open(mt.transport, { resumeId: 'r1', protocolVersion: 38 });
  assert.equal(conn.resumed, true);
  assert.equal(conn.resumeId, 'r1');
  assert.equal(conn.protocolVersion, 38);
  assert.equal(mt.peer.written().length, 0);
  assert.equal(mt.peer.connectOptions?.resumeId, 'r1');
});

test('a drop before the greeting rejects open with ConnectionLostError', async () => {
  const mt = memoryTransport();
  const opening = Connection.open(mt.transport);
  await mt.peer.connected;
  mt.peer.drop();
  await assert.rejects(opening, ConnectionLostError);
});

test('no greeting within timeoutMs (or a shorter greetingTimeoutMs) rejects open with NoGreetingError and closes the stream', async () => {
  const mt = memoryTransport();
  await assert.rejects(Connection.open(mt.transport, { timeoutMs: 5 }), NoGreetingError);
  assert.ok(mt.peer.closedByClient);
  const short = memoryTransport();
  await assert.rejects(
    Connection.open(short.transport, { timeoutMs: 60_000, greetingTimeoutMs: 5 }),
    (e: Error) => e instanceof NoGreetingError && /nothing arrived within 5 ms.*binary port \(2424\)/.test(e.message),
  );
});

test('an aborted open rejects with the abort and a refused transport with ConnectionRefusedError', async () => {
  const mt = memoryTransport();
  const ac = new AbortController();
  const opening = Connection.open(mt.transport, { signal: ac.signal });
  await mt.peer.connected;
  ac.abort();
  await assert.rejects(opening, (e: Error & { code?: string }) => e.code === 'ERR_ABORTED');
  await assert.rejects(Connection.open(memoryTransport({ refuse: 'nope' }).transport), ConnectionRefusedError);
});
