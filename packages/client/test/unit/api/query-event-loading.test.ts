// The 'query' event's code is loaded on first need (lazy-modules.ts): a client nobody listens to never
// loads it, and a query or stream that starts while it is still loading waits for it, so a listener
// hears every call made after it was registered. Over the memory transport with hand-built frames, in
// a process of its own (node --test), so the module is not loaded when the first test starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrientDB } from '../../../src/api/client.js';
import { queryObservers } from '../../../src/api/lazy-modules.js';
import type { QueryEvent } from '../../../src/api/query-event.js';
import type { MemoryPeer } from '../../support/memory-transport.js';
import {
  announcingTransport,
  GREETING_38,
  hex,
  i32,
  numberPage,
  okFrame,
  reloadAnswer,
  written,
} from '../session/harness.js';
import { REQUEST_DB_OPEN as DB_OPEN, REQUEST_QUERY as QUERY } from '../../../src/codec/operations/opcodes.js';

const SID = 9;

/**
 * A client logged in over the memory transport, and the peer of its connection. Its first call is
 * preceded by the question for the database's time zone (DB_RELOAD), answered with it.
 */
async function loggedIn(): Promise<{ client: OrientDB; peer: MemoryPeer }> {
  const { transport, nextPeer } = announcingTransport({ greeting: GREETING_38 });
  const client = new OrientDB({ transport, tokenStore: null, keepAlive: false, crossTab: false });
  const next = nextPeer();
  const login = client.dbOpen('db', 'u', 'p');
  const peer = await next;
  await written(peer, DB_OPEN);
  peer.push(hex(okFrame(-1, DB_OPEN, i32(SID) + i32(3) + 'aabbcc')));
  await login;
  return { client, peer };
}

test('without a listener, queries and streams run and the event code is never loaded', async () => {
  const { client, peer } = await loggedIn();
  const rows = client.query('SELECT n FROM T');
  await written(peer, QUERY);
  peer.push(hex(reloadAnswer(SID) + okFrame(SID, QUERY, numberPage(1))));
  assert.deepEqual(await rows, [{ n: 1 }]);
  const streamed = client.stream('SELECT n FROM T').toArray();
  await written(peer, QUERY, 2);
  peer.push(hex(okFrame(SID, QUERY, numberPage(2))));
  assert.deepEqual(await streamed, [{ n: 2 }]);
  assert.equal(queryObservers.loaded, undefined, 'a page that does not listen downloads no event code');
  await client.close();
});

test('a query and a stream started while the event code loads wait for it: the listener hears both', async () => {
  const { client, peer } = await loggedIn();
  const events: QueryEvent[] = [];
  client.on('query', (event) => events.push(event));
  const rows = client.query('SELECT n FROM T WHERE n > :min', { min: 0 });
  const streamed = (async () => {
    const seen: unknown[] = [];
    for await (const row of client.stream('SELECT n FROM T')) seen.push(row);
    return seen;
  })();
  assert.equal(queryObservers.loaded, undefined, 'both calls started before the event code was there');
  await written(peer, QUERY, 2);
  assert.ok(queryObservers.loaded, 'the calls were sent once the event code had loaded');
  peer.push(hex(reloadAnswer(SID) + okFrame(SID, QUERY, numberPage(4, 5)) + okFrame(SID, QUERY, numberPage(6, 7))));
  const all = [await rows, await streamed].flat();
  assert.deepEqual(all.map((row) => (row as { n: number }).n).sort(), [4, 5, 6, 7]);
  assert.deepEqual(
    events.map((e) => [e.sql, e.rows]).sort(),
    [
      ['SELECT n FROM T', 2],
      ['SELECT n FROM T WHERE n > :min', 2],
    ].sort(),
    'one event per call, none lost to the loading',
  );
  for (const e of events) {
    assert.equal(e.operation, 'REQUEST_QUERY');
    assert.ok(e.bytes > 0, `bytes ${e.bytes}`);
    assert.equal(e.error, undefined);
  }
  await client.close();
});
