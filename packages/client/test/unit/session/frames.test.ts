// The session's response parser over the memory transport: every split, byte by byte, pipelining,
// interleaved pushes, token renewal, server errors, fresh-session gating and large frames decoded once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseOpen, databaseClose } from '../../support/requests.js';
import { dbSizeRequest, queryRequest } from '../../support/requests.js';
import { decodePush, type PushMessage } from '../../../src/codec/push.js';
import { ProtocolError, ServerError, TokenError } from '../../../src/errors.js';
import { errorFrame, hex, i32, i64, okFrame, opened, pushBytewise, pushSplit, str, toHex } from './harness.js';

const OPEN_OK = okFrame(-1, 3, i32(9) + i32(3) + 'aabbcc');
const size = (sid: number, n: number) => okFrame(sid, 8, i64(n));
const PUSH_END = '03' + '51' + i32(4) + '02' + i32(0);

async function openSession() {
  const { conn, peer } = await opened();
  const p = databaseOpen(conn, 'db', 'u', 'p');
  peer.push(hex(OPEN_OK));
  await p;
  peer.takeWritten();
  return { conn, peer };
}

test('DB_OPEN: request bytes, and the response adopted at every split offset and byte by byte', async () => {
  const frame = hex(OPEN_OK);
  for (let k = 0; k <= frame.length; k++) {
    const { conn, peer } = await opened();
    const p = databaseOpen(conn, 'db', 'u', 'p');
    assert.equal(toHex(peer.takeWritten()), '03' + 'ffffffff' + 'ffffffff' + str('db') + str('u') + str('p'));
    pushSplit(peer, frame, k);
    const s = await p;
    assert.equal(s.sessionId, 9);
    assert.equal(conn.sessionId, 9);
    assert.deepEqual([...conn.token!], [0xaa, 0xbb, 0xcc]);
  }
  const { conn, peer } = await opened();
  const p = databaseOpen(conn, 'db', 'u', 'p');
  pushBytewise(peer, frame);
  assert.equal((await p).sessionId, 9);
  assert.equal(conn.idle, true);
});

test('later requests carry the session id and token', async () => {
  const { conn, peer } = await openSession();
  const p = conn.request(dbSizeRequest());
  assert.equal(toHex(peer.takeWritten()), '08' + i32(9) + '00000003aabbcc');
  peer.push(hex(size(9, 77)));
  assert.equal(await p, 77);
});

test('requests issued during DB_OPEN are held and sent with the new session', async () => {
  const { conn, peer } = await opened();
  const open = databaseOpen(conn, 'db', 'u', 'p');
  const sz = conn.request(dbSizeRequest());
  assert.equal(toHex(peer.takeWritten()).slice(0, 2), '03', 'only DB_OPEN written');
  peer.push(hex(OPEN_OK));
  await open;
  assert.equal(toHex(peer.takeWritten()), '08' + i32(9) + '00000003aabbcc');
  peer.push(hex(size(9, 5)));
  assert.equal(await sz, 5);
});

test('pipelined requests are answered in order, with pushes between frames, at every split', async () => {
  const stream = hex(size(9, 1) + PUSH_END + size(9, 2) + PUSH_END + size(9, 3));
  for (let k = 0; k <= stream.length; k++) {
    const { conn, peer } = await openSession();
    const pushes: PushMessage[] = [];
    conn.onPush((m) => pushes.push(m), decodePush);
    const ps = [1, 2, 3].map(() => conn.request(dbSizeRequest()));
    pushSplit(peer, stream, k, Math.min(stream.length, k + 7));
    assert.deepEqual(await Promise.all(ps), [1, 2, 3]);
    assert.equal(pushes.length, 2);
    assert.deepEqual(pushes[0], { kind: 'live-query', monitorId: 4, status: 'end', events: [] });
  }
  const { conn, peer } = await openSession();
  conn.onPush(() => undefined, decodePush);
  const ps = [1, 2, 3].map(() => conn.request(dbSizeRequest()));
  pushBytewise(peer, stream);
  assert.deepEqual(await Promise.all(ps), [1, 2, 3]);
});

test('a push on a connection that subscribed to none is a protocol error: the pending call fails with ProtocolError and the connection closes', async () => {
  const { conn, peer } = await openSession();
  const pending = conn.request(dbSizeRequest());
  peer.push(hex(PUSH_END + size(9, 1)));
  await assert.rejects(pending, (e: unknown) => {
    assert.ok(e instanceof ProtocolError, String(e));
    assert.match(e.message, /sent a push \(status 3\) on a connection that subscribed to none/);
    return true;
  });
  assert.equal(conn.closed, true);
});

test('a push that arrives before any request is delivered', async () => {
  const { conn, peer } = await openSession();
  const got: PushMessage[] = [];
  const off = conn.onPush((m) => got.push(m), decodePush);
  pushBytewise(peer, hex(PUSH_END));
  assert.equal(got.length, 1);
  off();
  peer.push(hex(PUSH_END));
  assert.equal(got.length, 1, 'unsubscribed');
});

test('a server error rejects its request with a typed error and the connection stays usable', async () => {
  const { conn, peer } = await openSession();
  const bad = conn.request(queryRequest({ statement: 'selec' }));
  const good = conn.request(dbSizeRequest());
  const tok = conn.request(dbSizeRequest());
  pushBytewise(
    peer,
    hex(
      errorFrame(9, 45, 'x.OCommandSQLParsingException', 'bad', 1) +
        size(9, 8) +
        errorFrame(
          9,
          8,
          'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException',
          'missing session and token',
        ),
    ),
  );
  await assert.rejects(
    bad,
    (e: ServerError) =>
      e instanceof ServerError && e.javaClass === 'x.OCommandSQLParsingException' && e.errorCode === 1,
  );
  assert.equal(await good, 8);
  await assert.rejects(tok, TokenError);
  assert.equal(conn.closed, false);
});

test('a renewed token in a header is adopted, announced, and sent next', async () => {
  const { conn, peer } = await openSession();
  const renewed: Uint8Array[] = [];
  conn.onTokenRenewed((t) => renewed.push(t));
  const p = conn.request(dbSizeRequest());
  peer.takeWritten();
  peer.push(hex(okFrame(9, 8, i64(1), 'ddee')));
  await p;
  assert.deepEqual([...conn.token!], [0xdd, 0xee]);
  assert.equal(renewed.length, 1);
  const q = conn.request(dbSizeRequest());
  assert.equal(toHex(peer.takeWritten()), '08' + i32(9) + '00000002ddee');
  peer.push(hex(size(9, 2)));
  await q;
  peer.push(hex(okFrame(9, 8, i64(1), '')));
});

test('DB_CLOSE expects no response; the connection forgets the session', async () => {
  const { conn, peer } = await openSession();
  await databaseClose(conn);
  assert.equal(toHex(peer.takeWritten()), '05' + i32(9) + '00000003aabbcc');
  assert.equal(conn.sessionId, -1);
  assert.equal(conn.token, null);
  assert.equal(conn.idle, true);
});

test('a large query page is walked with skip and decoded once, fed byte by byte', async () => {
  const { conn, peer } = await openSession();
  const vstr = (s: string) => (s.length * 2).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');
  const item = (n: number) => {
    const b = '02' + vstr('n') + '01' + (n * 2).toString(16).padStart(2, '0') + '00';
    return '04' + i32(b.length / 2) + b;
  };
  const items = Array.from({ length: 60 }, (_, i) => item(i % 60));
  const body = str('q1') + '00' + '00' + i32(0) + i32(items.length) + items.join('') + '00' + i32(0) + '00';
  const req = queryRequest({ statement: 'select' });
  let reads = 0;
  let skips = 0;
  const counted = {
    ...req,
    read: (r: Parameters<typeof req.read>[0]) => {
      reads++;
      return req.read(r);
    },
    skip: (r: Parameters<typeof req.read>[0]) => {
      skips++;
      req.skip!(r);
    },
  };
  const p = conn.request(counted);
  pushBytewise(peer, hex(okFrame(9, 45, body)));
  const page = await p;
  assert.equal(reads, 1);
  assert.ok(skips > 1);
  assert.equal(page.items.length, 60);
  assert.deepEqual({ ...page.items[59]! }, { n: 59 });
});
