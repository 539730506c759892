// The SQL surface of the public API on a real server, over TCP and through the bridge: dbOpen, query,
// command, batch scripts, streams, record attributes, typed errors, abort and timeout.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@orientdb-edge/testkit';
import {
  AbortError,
  ClientClosedError,
  type OrientDB,
  OrientDBError,
  RecordId,
  ServerError,
  SessionExpiredError,
  TimeoutError,
} from '../../../src/index.js';
import { eachTransport } from './helpers/env.js';

eachTransport('sql', (env) => {
  let db: TestDatabase;
  let client: OrientDB;
  before(async () => {
    ({ db, client } = await env.openDatabase());
    await client.batch(
      'CREATE CLASS Nodes EXTENDS V; CREATE PROPERTY Nodes.name STRING; CREATE INDEX Nodes.name UNIQUE',
    );
    await client.batch(
      ['lamp', 'tv', 'fan']
        .map(
          (n, i) =>
            `CREATE VERTEX Nodes SET name = '${n}', zone = '${i < 2 ? 'living-room' : 'kitchen'}', status = 'off'`,
        )
        .join(';'),
    );
  });

  test('query returns plain rows; records carry @rid (RecordId), @class and @version', async () => {
    const rows = await client.query('SELECT FROM Nodes WHERE zone = :zone ORDER BY name', { zone: 'living-room' });
    assert.deepEqual(
      rows.map((r) => r.name),
      ['lamp', 'tv'],
    );
    const lamp = rows[0]!;
    assert.ok(lamp['@rid'] instanceof RecordId);
    assert.match(String(lamp['@rid']), /^#\d+:\d+$/);
    assert.equal(lamp['@class'], 'Nodes');
    assert.equal(lamp['@version'], 1);
    const projected = await client.query('SELECT name, status FROM Nodes WHERE zone = :zone ORDER BY name', {
      zone: 'kitchen',
    });
    assert.deepEqual(
      projected.map((r) => ({ ...r })),
      [{ name: 'fan', status: 'off' }],
    );
  });

  test('command changes data and returns its result; the change is visible to a query', async () => {
    const [updated] = await client.command('UPDATE Nodes SET status = :s WHERE name = :n', { s: 'on', n: 'lamp' });
    assert.equal(updated!.count, 1);
    const [lamp] = await client.query('SELECT status, @version AS v FROM Nodes WHERE name = ?', ['lamp']);
    assert.equal(lamp!.status, 'on');
    assert.equal(lamp!.v, 2);
  });

  test('batch runs an SQL script in a transaction and returns what it RETURNs', async () => {
    const [created] = await client.batch(
      "BEGIN; LET a = CREATE VERTEX Nodes SET name = 'x', zone = 'hall'; COMMIT; RETURN $a",
    );
    assert.equal(created!.name, 'x');
    assert.ok(created!['@rid'] instanceof RecordId);
    const [again] = await client.query('SELECT @rid AS rid FROM Nodes WHERE name = :n', { n: 'x' });
    assert.ok((again!.rid as RecordId).equals(created!['@rid']));
    await assert.rejects(
      client.batch("BEGIN; CREATE VERTEX Nodes SET name = 'y'; CREATE VERTEX Nodes SET name = 'y'; COMMIT"),
      (e: unknown) => e instanceof ServerError && /Duplicate|duplicated/i.test(e.message),
    );
    assert.deepEqual(await client.query("SELECT FROM Nodes WHERE name = 'y'"), [], 'the failed script was rolled back');
  });

  test('stream yields every row across pages', async () => {
    const names: string[] = [];
    for await (const row of client.stream('SELECT name FROM Nodes ORDER BY name', {}, { pageSize: 1 }))
      names.push(row.name as string);
    assert.deepEqual(names, ['fan', 'lamp', 'tv', 'x']);
  });

  test('bad SQL fails with a ServerError carrying the Java class; the connection stays usable', async () => {
    const error = await client.query('SELEKT FROM Nodes').catch((e: unknown) => e);
    assert.ok(error instanceof ServerError);
    assert.equal(error.code, 'ERR_SERVER');
    assert.equal(error.javaClass, 'com.orientechnologies.orient.core.sql.OCommandSQLParsingException');
    assert.match(error.serverMessage, /SELEKT/);
    const missing = await client.query('SELECT FROM NoSuchClass').catch((e: unknown) => e);
    assert.ok(missing instanceof ServerError);
    assert.match(missing.javaClass, /OCommandExecutionException|OSchemaException/);
    assert.equal((await client.query('SELECT count(*) AS n FROM Nodes'))[0]!.n, 4);
  });

  test('a wrong password and an unknown database fail with ServerError; nothing is kept', async () => {
    const c = env.client();
    const wrong = await c.dbOpen(db.name, 'admin', 'not-the-password').catch((e: unknown) => e);
    assert.ok(wrong instanceof ServerError);
    assert.match(wrong.javaClass, /OSecurityAccessException/);
    assert.equal(c.getSessionToken(), '');
    const unknown = await c.dbOpen('no_such_db_' + Date.now(), 'admin', 'admin').catch((e: unknown) => e);
    assert.ok(unknown instanceof ServerError);
    assert.equal(unknown.javaClass, 'com.orientechnologies.orient.core.exception.OStorageDoesNotExistException');
    await assert.rejects(c.query('SELECT 1'), SessionExpiredError);
  });

  test('timeoutMs fails a slow call with TimeoutError and the connection carries on', async () => {
    const started = client.batch('SLEEP 2000; RETURN 1', {}, { timeoutMs: 100 });
    await assert.rejects(started, TimeoutError);
    const [row] = await client.query('SELECT 7 AS n');
    assert.equal(row!.n, 7);
  });

  test('the client-wide timeoutMs applies to every call; timeoutMs: 0 on a call lifts it', async () => {
    const c = env.client({ timeoutMs: 150 });
    await c.dbOpen(db.name, db.user, db.password);
    await assert.rejects(c.batch('SLEEP 600; RETURN 1'), TimeoutError);
    const [row] = await c.batch('SLEEP 600; RETURN 1', {}, { timeoutMs: 0 });
    assert.equal(row!.value, 1);
    await c.close();
  });

  test('an AbortSignal fails the call with AbortError, also when aborted before the call', async () => {
    const ac = new AbortController();
    const slow = client.batch('SLEEP 2000; RETURN 1', {}, { signal: ac.signal });
    ac.abort();
    await assert.rejects(slow, AbortError);
    await assert.rejects(client.query('SELECT 1', {}, { signal: AbortSignal.abort() }), AbortError);
    assert.equal((await client.query('SELECT 8 AS n'))[0]!.n, 8);
  });

  test('every error is an OrientDBError with a stable code; a closed client refuses calls', async () => {
    const c = env.client();
    await c.dbOpen(db.name, db.user, db.password);
    await c.close();
    const error = await c.query('SELECT 1').catch((e: unknown) => e);
    assert.ok(error instanceof ClientClosedError);
    assert.ok(error instanceof OrientDBError);
    assert.equal(error.code, 'ERR_CLOSED');
  });
});
