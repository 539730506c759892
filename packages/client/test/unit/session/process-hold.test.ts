// When a connection holds a server-side process open (ByteStream.hold): from its start while it opens,
// then only while a call waits for its answer or a live query listens; released as soon as nothing does.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DB_SIZE } from '../../../src/codec/operations/db-size.js';
import { request } from '../../../src/session/request.js';
import { StatefulConnection } from '../../../src/session/stateful-connection.js';
import type { Transport } from '../../../src/transport/transport.js';
import { memoryTransport } from '../../support/memory-transport.js';
import { GREETING_38, i64, okFrame, settle } from './harness.js';
import { decodePush } from '../../../src/codec/push.js';

const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((b) => Number.parseInt(b, 16)));

/** The memory transport, recording each hold() the connection asks of its stream. */
async function holding() {
  const mt = memoryTransport({ greeting: GREETING_38 });
  const holds: boolean[] = [];
  const transport: Transport = {
    ...mt.transport,
    async connect(handlers, o) {
      const stream = await mt.transport.connect(handlers, o);
      return { ...stream, hold: (on: boolean) => holds.push(on), resumed: stream.resumed, resumeId: stream.resumeId };
    },
  };
  const conn = await StatefulConnection.open(transport, { timeoutMs: 0 });
  return { conn, peer: mt.peer, holds };
}

test('released once open and idle; held while a call waits; released when it is answered', async () => {
  const { conn, peer, holds } = await holding();
  assert.deepEqual(holds, [false], 'open, nothing waits');
  const size = conn.request(request(DB_SIZE, undefined));
  assert.deepEqual(holds, [false, true]);
  const second = conn.request(request(DB_SIZE, undefined));
  assert.deepEqual(holds, [false, true], 'one hold for any number of calls');
  peer.push(hexBytes(okFrame(-1, 8, i64(1))));
  assert.deepEqual(holds, [false, true], 'the second call still waits');
  peer.push(hexBytes(okFrame(-1, 8, i64(2))));
  assert.deepEqual(holds, [false, true, false]);
  assert.equal(Number(await size), 1);
  assert.equal(Number(await second), 2);
  conn.close();
});

test('a call that times out or is aborted no longer holds the process', async () => {
  const { conn, holds } = await holding();
  const abort = new AbortController();
  const call = settle(conn.request(request(DB_SIZE, undefined), { signal: abort.signal }));
  abort.abort();
  assert.equal((await call).ok, false);
  assert.deepEqual(holds, [false, true, false]);
  conn.close();
});

test('a push listener (a live query) holds the process until it is removed', async () => {
  const { conn, holds } = await holding();
  const off = conn.onPush(() => undefined, decodePush);
  assert.deepEqual(holds, [false, true]);
  off();
  assert.deepEqual(holds, [false, true, false]);
  conn.close();
});

test('close() holds the stream until its close has gone out', async () => {
  const { conn, holds } = await holding();
  conn.close();
  assert.deepEqual(holds, [false, true]);
});
