// The reattach on first use, through the client over the memory transport: the first request is
// pipelined behind the route's probe (no round trip of its own for the probe), with the question for
// the database's time zone (DB_RELOAD) between them; when the session turns out gone, the request
// refused with the probe is sent again once on the next route (reads and writes: the server refuses a
// request on an unknown session before running it), or fails with SessionExpired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrientDB } from '../../../src/api/client.js';
import type { OrientDBOptions } from '../../../src/api/options.js';
import { encodeSessionHandle } from '../../../src/api/session-token.js';
import { SessionExpiredError } from '../../../src/errors.js';
import { memoryTransport } from '../../support/memory-transport.js';
import {
  GREETING_38,
  announcingTransport,
  errorFrame,
  hex,
  i32,
  i64,
  okFrame,
  numberPage,
  reloadAnswer,
  written,
  opcodes,
} from '../session/harness.js';
import {
  REQUEST_HANDSHAKE as HANDSHAKE,
  REQUEST_DB_OPEN as DB_OPEN,
  REQUEST_DB_SIZE as DB_SIZE,
  REQUEST_QUERY as QUERY,
  REQUEST_DB_RELOAD as DB_RELOAD,
} from '../../../src/codec/operations/opcodes.js';

const SID = 9;
const TOKEN_ERROR = 'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException';

const refused = (opcode: number) => errorFrame(SID, opcode, TOKEN_ERROR, 'missing session and token');

function harness(options: Partial<OrientDBOptions> = {}) {
  const { transport, nextPeer } = announcingTransport({ greeting: GREETING_38 });
  const client = new OrientDB({ transport, tokenStore: null, keepAlive: false, crossTab: false, ...options });
  client.setSessionToken(
    encodeSessionHandle({ kind: 'database', sessionId: SID, token: hex('aabbcc'), database: 'db', resumeId: '' }),
  );
  return { client, nextPeer };
}

test('the first query is written right behind the probe, before any answer; one round trip to the rows', async () => {
  const { client, nextPeer } = harness();
  const first = nextPeer();
  const rows = client.query('SELECT n FROM T');
  const peer = await first;
  await written(peer, QUERY);
  assert.deepEqual(
    opcodes(peer),
    [HANDSHAKE, DB_SIZE, DB_RELOAD, QUERY],
    "the query (and the zone's question before it) did not wait for the probe's answer",
  );
  peer.push(hex(okFrame(SID, DB_SIZE, i64(1)) + reloadAnswer(SID) + okFrame(SID, QUERY, numberPage(4, 5))));
  assert.deepEqual(await rows, [{ n: 4 }, { n: 5 }]);
  assert.equal(client.session?.via, 'session', 'the route is reported when the rows are returned');
  await client.close();
});

for (const kind of ['query', 'command'] as const) {
  test(`the session gone: the ${kind} refused with the probe is sent again once on the next route`, async () => {
    const { client, nextPeer } = harness({
      reattachRoutes: ['session', 'reauthenticate'],
      reauthenticate: async () => ({ password: 'p' }),
    });
    const first = nextPeer();
    const sql = kind === 'query' ? 'SELECT n FROM T' : 'INSERT INTO T SET n = 6';
    const rows = kind === 'query' ? client.query(sql) : client.command(sql);
    const peer = await first;
    await written(peer, QUERY);
    const second = nextPeer();
    // The server refuses every request on the unknown session, the zone's question too.
    peer.push(hex(refused(DB_SIZE) + refused(DB_RELOAD) + refused(QUERY)));
    const peer2 = await second;
    await written(peer2, DB_OPEN);
    peer2.push(hex(okFrame(-1, DB_OPEN, i32(10) + i32(2) + 'ddee')));
    await written(peer2, QUERY);
    peer2.push(hex(reloadAnswer(10) + okFrame(10, QUERY, numberPage(6))));
    assert.deepEqual(await rows, [{ n: 6 }]);
    assert.equal(client.session?.via, 'reauthenticate');
    assert.deepEqual(
      opcodes(peer),
      [HANDSHAKE, DB_SIZE, DB_RELOAD, QUERY],
      'nothing more is sent with the refused token',
    );
    assert.deepEqual(
      opcodes(peer2).filter((o) => o !== HANDSHAKE),
      [DB_OPEN, DB_RELOAD, QUERY],
      'sent again once, on the new session, behind the zone asked again (its first question was refused)',
    );
    await client.close();
  });
}

test('the session gone and no other route: the first request fails with SessionExpiredError, not TokenError', async () => {
  const { client, nextPeer } = harness({ reattachRoutes: ['session'] });
  const first = nextPeer();
  const size = client.dbSize();
  const peer = await first;
  await written(peer, DB_SIZE, 2);
  assert.deepEqual(opcodes(peer), [HANDSHAKE, DB_SIZE, DB_RELOAD, DB_SIZE], 'probe, zone, then the call');
  peer.push(hex(refused(DB_SIZE) + refused(DB_RELOAD) + refused(DB_SIZE)));
  await assert.rejects(size, SessionExpiredError);
  assert.deepEqual(opcodes(peer), [HANDSHAKE, DB_SIZE, DB_RELOAD, DB_SIZE], 'nothing more sent with the refused token');
  assert.equal(client.session, null);
  await client.close();
});

test('the resume route asks the bridge once: not resumed, the same connection carries the old session (route 2)', async () => {
  const mt = memoryTransport({ greeting: GREETING_38, resumeId: 'fresh' });
  const client = new OrientDB({ transport: mt.transport, tokenStore: null, keepAlive: false, crossTab: false });
  client.setSessionToken(
    encodeSessionHandle({ kind: 'database', sessionId: SID, token: hex('aabbcc'), database: 'db', resumeId: 'parked' }),
  );
  const rows = client.query('SELECT n FROM T');
  await mt.peer.connected;
  await written(mt.peer, QUERY);
  assert.equal(mt.peers.length, 1, 'one connection: no second resume hello');
  assert.equal(mt.peer.connectOptions?.resumeId, 'parked');
  mt.peer.push(hex(okFrame(SID, DB_SIZE, i64(1)) + reloadAnswer(SID) + okFrame(SID, QUERY, numberPage(7))));
  assert.deepEqual(await rows, [{ n: 7 }]);
  assert.equal(client.session?.via, 'session');
  await client.close();
});
