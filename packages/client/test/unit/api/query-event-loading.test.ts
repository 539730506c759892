// The 'query' event's code is loaded on first need (lazy-modules.ts): a client nobody listens to never
// loads it, and a query or stream that starts while it is still loading waits for it, so a listener
// hears every call made after it was registered. Over the memory transport with hand-built frames, in
// a process of its own (node --test), so the module is not loaded when the first test starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrientDB } from '../../../src/api/client.js';
import { queryObservers } from '../../../src/api/lazy-modules.js';
import type { QueryEvent } from '../../../src/api/query-event.js';
import { hex, loggedInClient, numberPage, okFrame, reloadAnswer, written } from '../session/harness.js';
import { REQUEST_QUERY as QUERY } from '../../../src/codec/operations/opcodes.js';

const SID = 9;

test('without a listener, queries and streams run and the event code is never loaded', async () => {
  const { client, peer } = await loggedInClient(OrientDB);
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
  const { client, peer } = await loggedInClient(OrientDB);
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
