// A connection cut between two pages of a query, against the real server: query() runs again from the
// start; a stream that has yielded rows carries on where its cursor survived (a parked connection the
// bridge hands back) and otherwise fails with CursorLostError, never OutcomeUnknownError.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { REQUEST_QUERY_NEXT_PAGE } from '../../../src/codec/operations/opcodes.js';
import { CursorLostError, OutcomeUnknownError, type OrientDB } from '../../../src/index.js';
import { eachTransport } from './helpers/env.js';
import { wire as tap } from './helpers/wire.js';

const ROWS = 30;
const PAGE = 4;

eachTransport('a connection cut between pages', (env) => {
  let client: OrientDB;
  let wire: ReturnType<typeof tap>;
  before(async () => {
    wire = tap(env.transport());
    ({ client } = await env.openDatabase({ transport: wire.transport, reconnect: { initialMs: 10, maxMs: 50 } }));
    await client.command('CREATE CLASS Paged');
    await client.batch(Array.from({ length: ROWS }, (_, i) => `INSERT INTO Paged SET i = ${i}`).join(';\n'));
  });

  test('query() cut while asking for page 2 runs again from the start and returns every row once', async () => {
    const cutsBefore = wire.cuts;
    wire.cutAt(REQUEST_QUERY_NEXT_PAGE);
    const rows = await client.query<{ i: number }>('SELECT i FROM Paged ORDER BY i', {}, { pageSize: PAGE });
    assert.equal(wire.cuts, cutsBefore + 1, 'the cut happened');
    assert.deepEqual(
      rows.map((r) => r.i),
      Array.from({ length: ROWS }, (_, i) => i),
    );
  });

  test('a stream that has yielded rows, cut while asking for the next page, fails with CursorLostError', async () => {
    const seen: number[] = [];
    const read = (async () => {
      for await (const row of client.stream<{ i: number }>('SELECT i FROM Paged ORDER BY i', {}, { pageSize: PAGE })) {
        seen.push(row.i);
        if (seen.length === PAGE) wire.cutAt(REQUEST_QUERY_NEXT_PAGE);
      }
    })();
    await assert.rejects(read, (e: Error & { code?: string }) => {
      assert.ok(!(e instanceof OutcomeUnknownError), `a read must not be reported as a write: ${e.message}`);
      assert.ok(e instanceof CursorLostError, `${e.name}: ${e.message}`);
      assert.equal(e.code, 'ERR_CURSOR_LOST');
      assert.match(e.message, /run the query again/);
      return true;
    });
    assert.deepEqual(seen, [0, 1, 2, 3], 'the rows before the cut were handed out once');
    assert.deepEqual(
      (await client.query<{ n: number }>('SELECT count(*) AS n FROM Paged'))[0]!.n,
      ROWS,
      'the session carries on',
    );
  });

  if (env.kind === 'websocket') {
    test('a stream whose connection is parked between pages carries on on the resumed connection (its cursor survived)', async () => {
      const seen: number[] = [];
      const reconnects = client.session?.reconnects;
      let parked = false;
      for await (const row of client.stream<{ i: number }>('SELECT i FROM Paged ORDER BY i', {}, { pageSize: PAGE })) {
        seen.push(row.i);
        if (seen.length === PAGE) parked = client.park();
      }
      assert.equal(parked, true, 'the idle connection was handed to the bridge');
      assert.deepEqual(
        seen,
        Array.from({ length: ROWS }, (_, i) => i),
      );
      assert.equal(client.session?.reconnects, reconnects, 'no reattach ran: the parked connection itself came back');
    });
  }
});
