// QUERY in its three modes with named and positional parameters, paging 10,000 rows with
// QUERY_NEXT_PAGE and CLOSE_QUERY, and SERVER_QUERY, on the real server over TCP.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@orientdb-edge/testkit';
import { encodeQueryParams } from '../../../src/codec/params.js';
import type { QueryPage } from '../../../src/codec/operations/query.js';
import { closeQuery, query, queryNextPage, serverQuery, databaseExists } from '../../support/requests.js';
import type { Connection } from '../../../src/session/types.js';
import { OutcomeUnknownError, ProtocolError, type ServerError } from '../../../src/errors.js';
import { openDatabase, releaseBefore, rootConnection, server, testDatabase } from './helpers.js';

const ROWS = 10_000;
let db: TestDatabase;
let conn: Connection;

before(async () => {
  db = await testDatabase();
  conn = await openDatabase(db);
  await query(conn, { statement: 'create class Item extends V', mode: 'command' });
  const values = Array.from({ length: ROWS }, (_, i) => `(${i}, 'item ${i}')`).join(',');
  const inserted = await query(conn, {
    statement: `insert into Item (n, label) values ${values}`,
    mode: 'command',
    pageSize: 100,
  });
  assert.equal(
    inserted.items.length,
    ROWS,
    'a materialised command result comes whole in the first page, whatever the page size',
  );
  assert.equal(inserted.hasNextPage, false);
});

after(async () => {
  conn.close();
  await db.drop();
});

const ns = (p: QueryPage) => p.items.map((x) => x['n'] as number);

test('idempotent query with named parameters', async () => {
  const page = await query(conn, {
    statement: 'select n, label from Item where n = :n or label = :l',
    params: encodeQueryParams({ n: 5, l: 'item 7' }),
    namedParams: true,
  });
  assert.deepEqual(
    ns(page).sort((a, b) => a - b),
    [5, 7],
  );
  assert.equal(page.hasNextPage, false);
});

test('idempotent query with positional parameters', async () => {
  const page = await query(conn, {
    statement: 'select n from Item where n in [?, ?, ?]',
    params: encodeQueryParams([1, 2, 3]),
    namedParams: false,
  });
  assert.deepEqual(
    ns(page).sort((a, b) => a - b),
    [1, 2, 3],
  );
});

test('command mode runs non-idempotent statements with parameters; query mode refuses them', async () => {
  const upd = await query(conn, {
    statement: 'update Item set tag = :t where n < 10',
    mode: 'command',
    params: encodeQueryParams({ t: 'low' }),
  });
  assert.equal(upd.items[0]!['count'], 10);
  const check = await query(conn, {
    statement: 'select count(*) as c from Item where tag = ?',
    params: encodeQueryParams(['low']),
    namedParams: false,
  });
  assert.equal(check.items[0]!['c'], 10);
  await assert.rejects(
    query(conn, { statement: 'update Item set tag = 1 where n = 1', mode: 'query' }),
    (e: ServerError) =>
      e.javaClass === 'com.orientechnologies.orient.core.exception.OCommandExecutionException' &&
      e.serverMessage.startsWith('Cannot execute query on non idempotent statement'),
  );
});

test('script mode (language sql) with parameters returns the script result', async () => {
  const page = await query(conn, {
    statement: 'let a = select count(*) as c from Item where n >= :from; return $a;',
    mode: 'script',
    language: 'sql',
    params: encodeQueryParams({ from: 9990 }),
  });
  assert.equal(page.items[0]!['c'], 10);
});

test('a plain SELECT returns elements (full records); a projection SELECT returns projections', async () => {
  const el = await query(conn, { statement: 'select from Item where n = 1' });
  assert.ok('@version' in el.items[0]! && el.items[0]!['@class'] === 'Item');
  const star = await query(conn, { statement: 'select * from Item where n = 1' });
  assert.ok('@version' in star.items[0]!, 'select * is an element too');
  const proj = await query(conn, { statement: 'select @rid, n from Item where n = 1' });
  assert.ok(!('@version' in proj.items[0]!) && proj.items[0]!['n'] === 1);
});

test(`paging over ${ROWS} rows with QUERY_NEXT_PAGE`, async () => {
  let page = await query(conn, { statement: 'select n from Item order by n', pageSize: 1000 });
  const seen: number[] = [...ns(page)];
  let pages = 1;
  assert.equal(page.items.length, 1000);
  while (page.hasNextPage) {
    page = await queryNextPage(conn, page.queryId, 1000);
    seen.push(...ns(page));
    pages++;
  }
  assert.equal(seen.length, ROWS);
  assert.deepEqual(seen.slice(0, 3), [0, 1, 2]);
  assert.equal(seen[ROWS - 1], ROWS - 1);
  assert.ok(pages >= 10);
});

test('pageSize 0 is not "the default": the first page is empty, with more to come', async () => {
  const page = await query(conn, { statement: 'select n from Item', pageSize: 0 });
  assert.equal(page.items.length, 0);
  assert.equal(page.hasNextPage, true);
  const next = await queryNextPage(conn, page.queryId, 5);
  assert.equal(next.items.length, 5);
  await closeQuery(conn, page.queryId);
});

test('one page of all rows (pageSize 20000) with full records', async () => {
  const page = await query(conn, { statement: 'select from Item', pageSize: 20_000 });
  assert.equal(page.items.length, ROWS);
  assert.equal(page.hasNextPage, false);
});

test('CLOSE_QUERY releases a cursor: the next page then fails with "No query with id"', async () => {
  const page = await query(conn, { statement: 'select n from Item', pageSize: 100 });
  assert.equal(page.hasNextPage, true);
  await closeQuery(conn, page.queryId);
  await assert.rejects(
    queryNextPage(conn, page.queryId, 100),
    (e: ServerError) =>
      e.javaClass === 'com.orientechnologies.orient.core.exception.ODatabaseException' &&
      /No query with id/.test(e.serverMessage),
  );
  const again = await query(conn, { statement: 'select count(*) as c from Item' });
  assert.equal(again.items[0]!['c'], ROWS);
});

test('SERVER_QUERY on a root session: create database, then drop it (3.2 on); older servers do not know it', async () => {
  const root = await rootConnection();
  const name = `sq_${Date.now()}`;
  if (releaseBefore((await server()).version, '3.2')) {
    // REQUEST_SERVER_QUERY came with 3.2. A 3.0 or 3.1 server has no request for opcode 50: it swallows
    // that error and reads the rest of the body, the session's token among it, as further requests. Most
    // often it then drops the connection at its socket timeout without an answer: nothing was created,
    // but the client cannot know that (OutcomeUnknownError, naming the request and the release that
    // knows it). Sometimes (the bytes differ with each token) it sends an answer instead, which the client
    // refuses as the answer to another request (ProtocolError naming REQUEST_SERVER_QUERY; seen on 3.0.44
    // and 3.1.0). Either is typed, and nothing is created.
    await assert.rejects(
      serverQuery(root, { statement: `create database ${name} memory`, mode: 'command' }),
      (e: Error) =>
        (e instanceof OutcomeUnknownError &&
          e.message.includes('REQUEST_SERVER_QUERY') &&
          e.message.includes('OrientDB before 3.2')) ||
        (e instanceof ProtocolError && e.message.includes('REQUEST_SERVER_QUERY')),
    );
    const check = await rootConnection();
    assert.equal(await databaseExists(check, name), false);
    check.close();
    return;
  }
  const created = await serverQuery(root, {
    statement: `create database ${name} memory users (admin identified by 'admin' role admin)`,
    mode: 'command',
  });
  assert.deepEqual({ ...created.items[0] }, { operation: 'create database', name, created: true });
  assert.equal(await databaseExists(root, name), true);
  const dropped = await serverQuery(root, { statement: `drop database ${name}`, mode: 'command' });
  assert.equal(dropped.items[0]!['dropped'], true);
  assert.equal(await databaseExists(root, name), false);
  root.close();
});
