// A statement's parameters (their check and encoding) load on first use (lazy-modules.ts). While their
// code loads every statement waits for it, so that calls reach the server in the order they were made,
// and a statement that leaves a parameter out fails without anything sent. Over the memory transport
// with hand-built frames, in a process of its own (node --test), so the code is not loaded at the start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrientDB } from '../../../src/api/client.js';
import { queryParameters } from '../../../src/api/lazy-modules.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import { hex, loggedInClient, numberPage, okFrame, opcodes, reloadAnswer, written } from '../session/harness.js';
import { REQUEST_QUERY as QUERY } from '../../../src/codec/operations/opcodes.js';

const SID = 9;

/** Which of the two statements a written QUERY carries. */
const statementOf = (request: Uint8Array) =>
  ['INSERT INTO V', 'SELECT n FROM V'].find((sql) => Buffer.from(request).includes(sql));

test('a statement without parameters made while their code loads waits for it: the calls go out in the order made', async () => {
  const { client, peer } = await loggedInClient(OrientDB);
  const inserted = client.command('INSERT INTO V SET n = :n', { n: 1 });
  const selected = client.query('SELECT n FROM V');
  assert.equal(queryParameters.loaded, undefined, 'both calls were made before the code was there');
  await written(peer, QUERY, 2);
  const queries = peer.writes.filter((w) => w[0] === QUERY);
  assert.deepEqual(queries.map(statementOf), ['INSERT INTO V', 'SELECT n FROM V']);
  peer.push(hex(reloadAnswer(SID) + okFrame(SID, QUERY, numberPage(1)) + okFrame(SID, QUERY, numberPage(2))));
  assert.deepEqual(await inserted, [{ n: 1 }]);
  assert.deepEqual(await selected, [{ n: 2 }]);
  await client.close();
});

test('a parameter left out: InvalidArgumentError from the call or the stream, nothing written', async () => {
  const { client, peer } = await loggedInClient(OrientDB);
  const before = opcodes(peer).length;
  await assert.rejects(client.query('SELECT n FROM V WHERE n = :n', {}), InvalidArgumentError);
  await assert.rejects(client.stream('SELECT n FROM V WHERE n = ?', []).toArray(), InvalidArgumentError);
  assert.equal(opcodes(peer).length, before, 'no request went out, not even the zone question');
  await client.close();
});
