// The database session's state machine (docs/session-states.md), transition by transition, over the
// memory transport with hand-built frames: each test names the states it goes through and checks the
// session's `phase` at each one.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DatabaseSession } from '../../../src/api/database-session.js';
import { type OrientDBOptions, resolveOptions } from '../../../src/api/options.js';
import { SessionSlot } from '../../../src/api/session-slot.js';
import type { SessionHandle } from '../../../src/api/session-token.js';
import { DB_SIZE as DB_SIZE_OP } from '../../../src/codec/operations/db-size.js';
import type { DateZoneRef } from '../../../src/codec/date-zone.js';
import { SessionExpiredError } from '../../../src/errors.js';
import { request } from '../../../src/session/request.js';
import { memoryTokenStore } from '../../../src/tokens/token-store.js';
import type { MemoryPeer } from '../../support/memory-transport.js';
import {
  announcingTransport,
  errorFrame,
  GREETING_38,
  hex,
  holdProcess,
  i32,
  i64,
  okFrame,
  reloadAnswer,
  opcodes,
  toHex,
  written,
} from '../session/harness.js';
import { token as sessionToken } from '../../support/token.js';
import {
  REQUEST_HANDSHAKE as HANDSHAKE,
  REQUEST_DB_OPEN as DB_OPEN,
  REQUEST_DB_SIZE as DB_SIZE,
  REQUEST_DB_RELOAD as DB_RELOAD,
} from '../../../src/codec/operations/opcodes.js';

const SID = 9;
const TOKEN = 'aabbcc';
const TOKEN_ERROR = 'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException';
const HANDLE: SessionHandle = { kind: 'database', sessionId: SID, token: hex(TOKEN), database: 'db', resumeId: '' };

function session(options: Partial<OrientDBOptions> = {}) {
  const { transport, nextPeer } = announcingTransport({ greeting: GREETING_38 });
  const o = resolveOptions({
    transport,
    tokenStore: memoryTokenStore(),
    keepAlive: false,
    crossTab: false,
    reconnect: { initialMs: 1, maxMs: 2, maxAttempts: 3 },
    ...options,
  });
  let closed = false;
  const slot = new SessionSlot('database', {
    transport,
    upstream: undefined,
    connection: { protocolVersion: 38 },
    changed: () => {},
  });
  // Not known: login() and attach() start a session on a database whose zone is learned by the DB_RELOAD
  // asked ahead of the first call (a peer that never answers it leaves the zone unknown, harmlessly).
  const dates: DateZoneRef = { zone: undefined };
  const db = new DatabaseSession({ transport, options: o, slot, dates, call: (c) => c, closed: () => closed });
  return {
    db,
    nextPeer,
    close: () => {
      closed = true;
      db.close({});
    },
  };
}

test('unknown → none: nothing kept in the store; a call fails with SessionExpiredError', async () => {
  const { db, close } = session();
  assert.equal(db.phase, 'unknown');
  assert.equal(await db.restore(), false);
  assert.equal(db.phase, 'none');
  await assert.rejects(db.conn({}), SessionExpiredError);
  close();
});

test('none → attached: login', async () => {
  const { db, nextPeer, close } = session();
  const peer = nextPeer();
  const login = db.login('db', 'u', 'p', {});
  const p = await peer;
  await written(p, DB_OPEN);
  p.push(hex(okFrame(-1, DB_OPEN, i32(SID) + i32(3) + TOKEN)));
  await login;
  assert.equal(db.phase, 'attached');
  close();
});

test('stored → attaching → attached: the first call reattaches by the session route', async () => {
  const { db, nextPeer, close } = session({ reattachRoutes: ['session'] });
  db.attach(HANDLE);
  assert.equal(db.phase, 'stored');
  const peer = nextPeer();
  const conn = db.conn({});
  const p = await peer;
  await written(p, DB_SIZE);
  assert.equal(db.phase, 'attaching', 'the probe is in flight');
  p.push(hex(okFrame(SID, DB_SIZE, i64(1))));
  await conn;
  assert.equal(db.phase, 'attached');
  close();
});

test('stored → attaching → none: every route refused; the call fails with SessionExpiredError', async () => {
  const { db, nextPeer, close } = session({ reattachRoutes: ['session'] });
  db.attach(HANDLE);
  const peer = nextPeer();
  const conn = db.conn({});
  const p = await peer;
  await written(p, DB_SIZE);
  const writes = p.writes.length;
  p.push(hex(errorFrame(SID, DB_SIZE, TOKEN_ERROR, 'missing session and token')));
  await assert.rejects(conn, SessionExpiredError);
  assert.equal(p.writes.length, writes, 'nothing is sent again with the refused token');
  assert.equal(db.phase, 'none');
  assert.equal(db.handle, null, 'the session is forgotten');
  close();
});

test('attached → reconnecting → attached: a dropped connection is reattached in the background', async () => {
  const { db, nextPeer, close } = session({ reattachRoutes: ['session'] });
  db.attach(HANDLE);
  let peer = nextPeer();
  const first = db.conn({});
  let p = await peer;
  await written(p, DB_SIZE);
  p.push(hex(okFrame(SID, DB_SIZE, i64(1))));
  await first;
  assert.equal(db.phase, 'attached');
  peer = nextPeer();
  p.drop();
  assert.equal(db.phase, 'reconnecting');
  p = await peer;
  await written(p, DB_SIZE);
  p.push(hex(okFrame(SID, DB_SIZE, i64(1))));
  await db.reconnected();
  assert.equal(db.phase, 'attached');
  close();
});

test('attached → none: a TokenError outside a reattach ends the session', async () => {
  const { db, nextPeer, close } = session({ reattachRoutes: ['session'] });
  db.attach(HANDLE);
  const peer = nextPeer();
  const first = db.conn({});
  const p = await peer;
  await written(p, DB_SIZE);
  p.push(hex(okFrame(SID, DB_SIZE, i64(1))));
  const conn = await first;
  await written(p, DB_RELOAD);
  const sent = written(p, DB_SIZE, 2);
  const size = db.send(() => conn.request(request(DB_SIZE_OP, undefined)), 'read');
  await sent;
  p.push(hex(reloadAnswer(SID) + errorFrame(SID, DB_SIZE, TOKEN_ERROR, 'The token provided is not a valid token')));
  await assert.rejects(size, SessionExpiredError);
  assert.equal(db.phase, 'none');
  close();
});

test('stored → attaching → stateless → attached: token-only requests after the session route is refused; a login leaves them', async () => {
  const { db, nextPeer, close } = session({ reattachRoutes: ['session', 'stateless'] });
  db.attach(HANDLE);
  let peer = nextPeer();
  const conn = db.conn({});
  const p = await peer;
  await written(p, DB_SIZE);
  peer = nextPeer();
  const writes = p.writes.length;
  p.push(hex(errorFrame(SID, DB_SIZE, TOKEN_ERROR, 'missing session and token')));
  const stateless = await peer;
  assert.equal(p.writes.length, writes, 'nothing is sent again with the refused token');
  await written(stateless, DB_SIZE);
  stateless.push(hex('00' + i32(-1) + i32(0) + i64(1))); // legacy OK: no opcode echo, no renewal
  assert.equal((await conn).stateful, false);
  assert.equal(db.phase, 'stateless');
  peer = nextPeer();
  const login = db.login('db', 'u', 'p', {});
  assert.equal(db.phase, 'attached');
  const fresh = await peer;
  await written(fresh, DB_OPEN);
  fresh.push(hex(okFrame(-1, DB_OPEN, i32(SID) + i32(3) + TOKEN)));
  await login;
  assert.equal(stateless.open, false, 'the token-only connection is closed');
  close();
});

/**
 * A session logged in with `token` (real payload: its expiry is known), connections counted; the
 * database's zone learned (UTC) by the calls it made before.
 */
async function loggedIn(token: Uint8Array, options: Partial<OrientDBOptions> = {}) {
  const s = session({ reattachRoutes: ['session', 'stateless'], ...options });
  const peer = s.nextPeer();
  const login = s.db.login('db', 'u', 'p', {});
  const p = await peer;
  await written(p, DB_OPEN);
  p.push(hex(okFrame(-1, DB_OPEN, i32(SID) + i32(token.length) + toHex(token))));
  await login;
  s.db.zone.set('UTC');
  return { ...s, peer: p };
}

/** Answers every DB_SIZE `peer` receives from now on with `frame`, and the DB_RELOAD a session asks ahead of its first call. */
function answerDbSize(peer: MemoryPeer, frame: string): void {
  let seen = peer.writes.length;
  const answer = () => {
    for (; seen < peer.writes.length; seen++) {
      const opcode = peer.writes[seen]![0];
      if (opcode === DB_SIZE) peer.push(hex(frame));
      else if (opcode === DB_RELOAD) peer.push(hex(reloadAnswer(SID)));
    }
  };
  peer.onWrite(() => queueMicrotask(answer));
  answer();
}

test('reconnecting → stored → attaching → stateless: the reopened connection is refused (the server cleaned the session up); the call runs once more as a token-only request', async () => {
  const { db, nextPeer, peer, close } = await loggedIn(sessionToken(Date.now() + 3_600_000, 1));
  let next = nextPeer();
  peer.drop();
  assert.equal(db.phase, 'reconnecting');
  const call = db.request(request(DB_SIZE_OP, undefined), {});
  const reopened = await next;
  next = nextPeer();
  answerDbSize(reopened, errorFrame(SID, DB_SIZE, TOKEN_ERROR, 'missing session and token'));
  const stateless = await next;
  assert.equal(db.phase, 'attaching', 'the session route is not tried again: straight to token-only');
  answerDbSize(stateless, '00' + i32(-1) + i32(0) + i64(7)); // legacy OK: no opcode echo, no renewal
  assert.equal(await call, 7);
  assert.equal(db.phase, 'stateless');
  close();
});

test('reconnecting → stored → none: the token expired before the connection could be reopened (a frozen tab); SessionExpiredError, no new connection', async () => {
  const { db, nextPeer, peer, close } = await loggedIn(sessionToken(Date.now() - 1000, 1));
  let connections = 0;
  void nextPeer().then(() => connections++);
  peer.drop();
  await assert.rejects(db.request(request(DB_SIZE_OP, undefined), {}), SessionExpiredError);
  await db.reconnected();
  assert.equal(db.phase, 'none');
  assert.equal(connections, 0, 'the expired token is not sent on a new connection');
  close();
});

test('reconnecting → stored: a call made while the reopened session is probed waits for the verdict; only the probe carries the dead session', async (t) => {
  holdProcess(t); // through the background reattach's first backoff wait
  const { db, nextPeer, peer, close } = await loggedIn(sessionToken(Date.now() + 3_600_000, 1));
  let next = nextPeer();
  peer.drop();
  const reopened = await next;
  await written(reopened, DB_SIZE);
  next = nextPeer();
  const call = db.request(request(DB_SIZE_OP, undefined), {});
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(opcodes(reopened), [HANDSHAKE, DB_SIZE], 'the call does not follow the probe on the wire');
  reopened.push(hex(errorFrame(SID, DB_SIZE, TOKEN_ERROR, 'missing session and token')));
  const stateless = await next;
  answerDbSize(stateless, '00' + i32(-1) + i32(0) + i64(7));
  assert.equal(await call, 7);
  assert.equal(db.phase, 'stateless');
  assert.notEqual(db.handle, null, 'the session is kept');
  assert.deepEqual(opcodes(reopened), [HANDSHAKE, DB_SIZE], 'nothing more was sent on the refused connection');
  close();
});

test('reconnecting → attached: a call made during the backoff wait asks for the attempt at once and follows its probe once answered', async () => {
  const { db, nextPeer, peer, close } = await loggedIn(sessionToken(Date.now() + 3_600_000, 1), {
    reconnect: { initialMs: 60_000, maxMs: 60_000, maxAttempts: 3 },
  });
  const next = nextPeer();
  peer.drop();
  const call = db.request(request(DB_SIZE_OP, undefined), {});
  const reopened = await next;
  await written(reopened, DB_SIZE);
  assert.deepEqual(opcodes(reopened), [HANDSHAKE, DB_SIZE], 'the probe goes alone');
  const sent = written(reopened, DB_SIZE, 2);
  reopened.push(hex(okFrame(SID, DB_SIZE, i64(1))));
  await sent;
  reopened.push(hex(okFrame(SID, DB_SIZE, i64(5))));
  assert.equal(await call, 5);
  await db.reconnected();
  assert.equal(db.phase, 'attached');
  close();
});
