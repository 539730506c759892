// Facts the optimistic reattach relies on, on the real server: requests sent with a session the server
// no longer holds (old session id + token on a new connection) are refused with TokenError before they
// run: writes (RECORD_CREATE, COMMAND, SCRIPT), even pipelined behind a refused read, change nothing, and
// the socket stays usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { databaseClose, databaseSize, query, reattach } from '../../support/requests.js';
import { recordCreateRequest } from '../../../src/api/records.js';
import { TokenError } from '../../../src/errors.js';
import { connect, openDatabase, testDatabase } from './helpers.js';

const isTokenError = (e: unknown) => e instanceof TokenError && /missing session and token/.test(e.message);

for (const how of ['an unknown session id', 'a session closed by DB_CLOSE'] as const) {
  test(`writes sent with ${how} are refused with TokenError and not executed; the socket stays usable`, async () => {
    const db = await testDatabase();
    const owner = await openDatabase(db);
    await query(owner, { statement: 'create class Thing', mode: 'command' });
    const gone = await openDatabase(db);
    const sessionId = how === 'an unknown session id' ? 987654 : gone.sessionId;
    const token = gone.token!;
    if (how === 'a session closed by DB_CLOSE') {
      await databaseClose(gone);
      // DB_CLOSE has no answer. The server answers one socket's requests in order, so a refusal behind it
      // shows the session is closed before another connection tries it.
      reattach(gone, sessionId, token);
      await assert.rejects(databaseSize(gone), isTokenError);
    }
    gone.close();

    const c = await connect();
    reattach(c, sessionId, token);
    const outcomes = await Promise.allSettled([
      databaseSize(c),
      c.request(recordCreateRequest('Thing', { n: 1 })),
      query(c, { statement: 'insert into Thing set n = 2', mode: 'command' }),
      query(c, { statement: 'begin; insert into Thing set n = 3; commit;', mode: 'script' }),
    ]);
    for (const [i, o] of outcomes.entries()) {
      assert.equal(o.status, 'rejected', `request ${i} was answered`);
      assert.ok(
        isTokenError((o as PromiseRejectedResult).reason),
        `request ${i}: ${String((o as PromiseRejectedResult).reason)}`,
      );
    }
    assert.equal(c.closed, false, 'the socket stays usable');
    const count = await query(owner, { statement: 'select count(*) as n from Thing', mode: 'query' });
    assert.equal(Number(count.items[0]!['n']), 0, 'no write ran');
    c.close();
    owner.close();
    await db.drop();
  });
}
