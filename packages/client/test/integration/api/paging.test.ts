// Paging over 10,000 rows: pages are fetched lazily as the loop consumes them, and leaving the loop
// early closes the server-side cursor (a later QUERY_NEXT_PAGE on it is refused by the server).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ServerError, type OrientDB } from '../../../src/index.js';
import { decodeSessionHandle } from '../../../src/api/session-token.js';
import { StatefulConnection as Connection } from '../../../src/session/stateful-connection.js';
import { queryNextPage, reattach } from '../../support/requests.js';
import { eachTransport } from './helpers/env.js';
import { wire as tap } from './helpers/wire.js';

const ROWS = 10_000;

eachTransport('paging', (env) => {
  let client: OrientDB;
  let wire: ReturnType<typeof tap>;
  before(async () => {
    wire = tap(env.transport());
    ({ client } = await env.openDatabase({ transport: wire.transport }));
    await client.command('CREATE CLASS Big');
    for (let k = 0; k < ROWS / 1000; k++) {
      await client.batch(Array.from({ length: 1000 }, (_, i) => `INSERT INTO Big SET i = ${k * 1000 + i}`).join(';\n'));
    }
  });

  test('a stream reads all 10,000 rows in order, one request per page, each page only when needed', async () => {
    const before = wire.writes;
    let n = 0;
    let writesAfterFirstRow = -1;
    let writesAtRow500 = -1;
    for await (const row of client.stream('SELECT i FROM Big ORDER BY i', {}, { pageSize: 500 })) {
      assert.equal(row.i, n);
      n++;
      if (n === 1) writesAfterFirstRow = wire.writes - before;
      if (n === 500) writesAtRow500 = wire.writes - before;
    }
    assert.equal(n, ROWS);
    assert.equal(writesAfterFirstRow, 1, 'only the QUERY went out before the first row');
    assert.equal(writesAtRow500, 1, 'the second page is not asked for while the first is consumed');
    assert.equal(wire.writes - before, ROWS / 500, 'QUERY + one QUERY_NEXT_PAGE per further page');
    const all = await client.query('SELECT i FROM Big', {}, { pageSize: 1000 });
    assert.equal(all.length, ROWS);
  });

  test('leaving the loop early closes the server-side cursor (CLOSE_QUERY)', async () => {
    const stream = client.stream('SELECT i FROM Big', {}, { pageSize: 100 });
    const handle = decodeSessionHandle(client.getSessionToken());
    const probe = await Connection.open(env.transport());
    reattach(probe, handle.sessionId, handle.token);
    try {
      let n = 0;
      let queryId = '';
      for await (const _row of stream) {
        n++;
        if (n === 150) {
          queryId = stream.queryId!;
          assert.ok(queryId.length > 0);
          const page = await queryNextPage(probe, queryId, 10);
          assert.equal(page.items.length, 10, 'the cursor is open while the loop runs');
          break;
        }
      }
      assert.equal(n, 150);
      const error = await queryNextPage(probe, queryId, 10).catch((e: unknown) => e);
      assert.ok(error instanceof ServerError, `expected a ServerError, got ${String(error)}`);
      assert.match(error.serverMessage, /No query with id/);
      const [count] = await client.query('SELECT count(*) AS n FROM Big');
      assert.equal(count!.n, ROWS, 'the client carries on after the early exit');
    } finally {
      probe.close();
    }
  });
});
