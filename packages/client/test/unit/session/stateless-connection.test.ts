// Token-only requests (reattach route 3) against an in-memory peer: no handshake, session id -1 and
// the token on every request, legacy answers (no opcode echo) fed at every split, renewed tokens
// adopted, legacy error bodies typed, and requests that need a server-side session refused up front.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { memoryTransport } from '../../support/memory-transport.js';
import { StatelessConnection } from '../../../src/session/stateless-connection.js';
import { NotSupportedError, OutcomeUnknownError, TokenError } from '../../../src/errors.js';
import { rawRequest } from '../../support/requests.js';

const TOKEN = Uint8Array.of(9, 8, 7, 6);
const dbSize = rawRequest(8, (r) => r.longBig());
const write = rawRequest(31, (r) => r.int(), {
  replay: 'write',
  write: (w) => {
    w.byte(0x2a);
  },
});

const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const str = (s: string) => [...be32(s.length), ...new TextEncoder().encode(s)];
const ok = (renewed: number[], body: number[]) => [0, ...be32(-1), ...be32(renewed.length), ...renewed, ...body];

const tick = () => new Promise((r) => setImmediate(r));

async function open() {
  const m = memoryTransport({ greeting: Uint8Array.of(0, 38) });
  const conn = await StatelessConnection.open(m.transport, TOKEN, { timeoutMs: 1000 });
  return { conn, peer: m.peer };
}

test('no handshake; each request carries session -1 and the token; an answer split anywhere is read', async () => {
  const answer = ok([], [0, 0, 0, 0, 0, 0, 0x30, 0x39]);
  for (let split = 0; split <= answer.length; split++) {
    const { conn, peer } = await open();
    assert.equal(conn.serverProtocolVersion, 38);
    const p = conn.request(dbSize);
    await tick();
    assert.deepEqual([...peer.takeWritten()], [8, ...be32(-1), ...be32(4), ...TOKEN]);
    peer.push(answer.slice(0, split));
    peer.push(answer.slice(split));
    assert.equal(await p, 12345n);
    conn.close();
  }
});

test('a renewed token is adopted and reported; requests are answered one at a time', async () => {
  const { conn, peer } = await open();
  const seen: number[][] = [];
  conn.onTokenRenewed((t) => seen.push([...t]));
  const first = conn.request(dbSize);
  const second = conn.request(write);
  await tick();
  assert.equal(peer.takeWritten()[0], 8, 'only the first request is written');
  peer.push(ok([1, 2, 3], [0, 0, 0, 0, 0, 0, 0, 1]));
  assert.equal(await first, 1n);
  assert.deepEqual(seen, [[1, 2, 3]]);
  await tick();
  assert.deepEqual(
    [...peer.takeWritten()],
    [31, ...be32(-1), ...be32(3), 1, 2, 3, 0x2a],
    'the next request carries the renewed token',
  );
  peer.push(ok([], be32(77)));
  assert.equal(await second, 77);
});

test('legacy error bodies, with or without the token field, become typed errors', async () => {
  const { conn, peer } = await open();
  const cls = 'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException';
  const p1 = conn.request(dbSize);
  await tick();
  peer.push([1, ...be32(-1), ...be32(0), 1, ...str(cls), ...str('The token provided is expired'), 0, ...be32(0)]);
  await assert.rejects(p1, (e) => e instanceof TokenError && e.serverMessage === 'The token provided is expired');
  const p2 = conn.request(dbSize);
  await tick();
  peer.push([1, ...be32(-1), 1, ...str('java.lang.IllegalStateException'), ...str('nope'), 0, ...be32(2), 0xac, 0xed]);
  await assert.rejects(p2, (e: { javaClass?: string }) => e.javaClass === 'java.lang.IllegalStateException');
});

test("cursors, transactions and live queries are refused without a request; a drop makes a write's outcome unknown", async () => {
  const { conn, peer } = await open();
  for (const opcode of [47, 61, 64, 100]) {
    await assert.rejects(conn.request({ ...dbSize, opcode }), NotSupportedError);
  }
  assert.equal(peer.written().length, 0);
  const p = conn.request(write);
  await tick();
  peer.drop();
  await assert.rejects(p, OutcomeUnknownError);
});
