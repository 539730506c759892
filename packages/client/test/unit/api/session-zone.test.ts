// The database's time zone through the client over the memory transport: DATEs are read as 00:00 of
// their day in the zone DB_RELOAD reports, from the very answer after it (the question is pipelined
// ahead of the session's first call); a stored session that names the zone is not asked it again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrientDB } from '../../../src/api/client.js';
import { encodeSessionHandle } from '../../../src/api/session-token.js';
import { StoredSessions } from '../../../src/tokens/session-entries.js';
import type { StoredSession } from '../../../src/tokens/stored-session.js';
import { memoryTokenStore, type TokenStore } from '../../../src/tokens/token-store.js';
import {
  GREETING_38,
  announcingTransport,
  hex,
  i32,
  i64,
  okFrame,
  reloadAnswer,
  settle,
  str,
  written,
  opcodes,
} from '../session/harness.js';
import {
  REQUEST_HANDSHAKE as HANDSHAKE,
  REQUEST_DB_SIZE as DB_SIZE,
  REQUEST_QUERY as QUERY,
  REQUEST_DB_RELOAD as DB_RELOAD,
} from '../../../src/codec/operations/opcodes.js';

const SID = 9;
const PREFIX = 'orientdb-edge:';
const ENDPOINT = 'memory';

/** A zigzag varint, as record fields carry lengths, counts and DATE days. */
function varint(n: number): string {
  let v = n >= 0 ? n * 2 : -n * 2 - 1;
  let out = '';
  while (v >= 0x80) {
    out += ((v % 0x80) | 0x80).toString(16).padStart(2, '0');
    v = Math.floor(v / 0x80);
  }
  return out + v.toString(16).padStart(2, '0');
}
const varstr = (s: string) => varint(s.length) + Buffer.from(s).toString('hex');
const DATE = '13';

// 2024-07-01 falls in Pacific daylight time (UTC-7), 2024-01-15 in standard time (UTC-8).
const SUMMER_DAY = Date.UTC(2024, 6, 1) / 86_400_000;
const WINTER_DAY = Date.UTC(2024, 0, 15) / 86_400_000;

/** A page holding one whole record #10:3 of class Event with the DATE fields summer and winter. */
function eventPage(): string {
  const content =
    varstr('Event') +
    varint(2) +
    varstr('summer') +
    DATE +
    varint(SUMMER_DAY) +
    varstr('winter') +
    DATE +
    varint(WINTER_DAY);
  const record = '03' + '0000' + '64' + '000a' + i64(3) + i32(1) + i32(content.length / 2) + content;
  return str('q1') + '00' + '00' + i32(0) + i32(1) + record + '00' + i32(0) + '00';
}

function client(store: TokenStore) {
  const { transport, nextPeer } = announcingTransport({ greeting: GREETING_38 });
  return { client: new OrientDB({ transport, tokenStore: store, keepAlive: false, crossTab: false }), nextPeer };
}

function iso(row: Record<string, unknown> | undefined, field: string): string {
  const value = row?.[field];
  assert.ok(value instanceof Date, `${field} is read as a Date`);
  return value.toISOString();
}

for (const [zone, summer, winter] of [
  ['America/Los_Angeles', '2024-07-01T07:00:00.000Z', '2024-01-15T08:00:00.000Z'],
  ['UTC', '2024-07-01T00:00:00.000Z', '2024-01-15T00:00:00.000Z'],
] as const) {
  test(`the zone DB_RELOAD answers (${zone}) places the DATEs of the very next answer on the connection, and is stored`, async () => {
    const store = memoryTokenStore();
    const { client: c, nextPeer } = client(store);
    c.setSessionToken(
      encodeSessionHandle({ kind: 'database', sessionId: SID, token: hex('aabbcc'), database: 'db', resumeId: '' }),
    );
    const first = nextPeer();
    const rows = c.query('SELECT FROM Event');
    const peer = await first;
    await written(peer, QUERY);
    assert.deepEqual(
      opcodes(peer),
      [HANDSHAKE, DB_SIZE, DB_RELOAD, QUERY],
      'the zone is asked ahead of the first call',
    );
    // One chunk: the rows are read right after the zone, in the same pass over the received bytes.
    peer.push(hex(okFrame(SID, DB_SIZE, i64(1)) + reloadAnswer(SID, zone) + okFrame(SID, QUERY, eventPage())));
    const [row] = await rows;
    assert.equal(row?.['@class'], 'Event');
    assert.equal(iso(row, 'summer'), summer, '00:00 of 2024-07-01 in the database zone');
    assert.equal(iso(row, 'winter'), winter, '00:00 of 2024-01-15 in the database zone');
    const stored = await new StoredSessions(store, PREFIX).find(ENDPOINT);
    assert.equal(stored?.timeZone, zone, 'the stored session keeps the zone for a later load');
    await c.close();
  });
}

// Found by restoreSession() before the first call, or looked up by the first call itself (a page load
// that just makes its call): either way the stored zone is used and not asked.
for (const found of ['restoreSession()', 'the first call'] as const) {
  test(`a stored session that names the zone, found by ${found}, asks no DB_RELOAD: DATEs are read in the stored zone`, async () => {
    const store = memoryTokenStore();
    const entry: StoredSession = {
      endpoint: ENDPOINT,
      database: 'db',
      user: 'u',
      sessionId: SID,
      token: Buffer.from(hex('aabbcc')).toString('base64url'),
      protocolVersion: 38,
      expiresAt: 0,
      timeZone: 'America/Los_Angeles',
      storedAt: Date.now(),
    };
    await new StoredSessions(store, PREFIX).save(entry);
    const { client: c, nextPeer } = client(store);
    try {
      if (found === 'restoreSession()') assert.equal(await c.restoreSession(), true);
      const first = nextPeer();
      const rows = settle(c.query('SELECT FROM Event'));
      const peer = await first;
      await written(peer, QUERY);
      assert.deepEqual(opcodes(peer), [HANDSHAKE, DB_SIZE, QUERY], 'the probe, then the query: no DB_RELOAD');
      peer.push(hex(okFrame(SID, DB_SIZE, i64(1)) + okFrame(SID, QUERY, eventPage())));
      const got = await rows;
      assert.ok(got.ok, 'the rows');
      assert.equal(c.session?.via, 'session');
      assert.equal(iso(got.value[0], 'summer'), '2024-07-01T07:00:00.000Z');
      assert.equal(iso(got.value[0], 'winter'), '2024-01-15T08:00:00.000Z');
      const again = settle(c.query('SELECT FROM Event'));
      await written(peer, QUERY, 2);
      peer.push(hex(okFrame(SID, QUERY, eventPage())));
      const more = await again;
      assert.ok(more.ok, 'the rows of the second call');
      assert.equal(iso(more.value[0], 'summer'), '2024-07-01T07:00:00.000Z');
      assert.deepEqual(opcodes(peer), [HANDSHAKE, DB_SIZE, QUERY, QUERY], 'no DB_RELOAD on later calls either');
      assert.equal((await new StoredSessions(store, PREFIX).find(ENDPOINT))?.timeZone, 'America/Los_Angeles');
    } finally {
      await c.close();
    }
  });
}
