// A query naming a parameter the call does not give, against the real server. OrientDB itself runs
// such a query with null in the parameter's place and answers no rows, without an error: the client
// refuses the call before sending it, with InvalidArgumentError naming the parameter and the endpoint.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { InvalidArgumentError, OrientDB } from '../../../src/index.js';
import { pool } from '../../../src/pool.js';
import { tcp } from '../../../src/tcp.js';

let server: ServerInfo;
let db: TestDatabase;
let client: OrientDB;

before(async () => {
  server = await sharedServer();
  db = await createTestDatabase(server);
  client = new OrientDB({ transport: tcp({ host: server.host, port: server.port }), tokenStore: null });
  await client.dbOpen(db.name, db.user, db.password);
  await client.command('CREATE CLASS Nodes');
  await client.command("INSERT INTO Nodes SET zone = 'living-room', status = 'on'");
});
after(async () => {
  await client.close();
  await db.drop();
});

const endpoint = () => `${server.host}:${server.port}`;
const refused = (parameter: RegExp) => (e: unknown) =>
  e instanceof InvalidArgumentError && parameter.test(e.message) && e.message.includes(endpoint());

test('a named parameter left out: InvalidArgumentError naming it, where the server would answer no rows', async () => {
  const sql = 'SELECT status FROM Nodes WHERE zone = :zone';
  // Before the check this resolved with [] (the server read :zone as null).
  await assert.rejects(client.query(sql, { zon: 'living-room' }), refused(/:zone\b.*given: zon/));
  assert.deepEqual(await client.query(sql, { zone: 'living-room' }), [{ status: 'on' }], 'given, it matches');
});

test('commands, scripts and streams are checked too; nothing was written', async () => {
  await assert.rejects(client.command('INSERT INTO Nodes SET zone = :zone', {}), refused(/:zone/));
  await assert.rejects(client.batch('INSERT INTO Nodes SET zone = ?;', []), refused(/1 positional parameter/));
  // A stream's statement is checked when it is read (the check's code loads on first use): nothing is sent.
  await assert.rejects(client.stream('SELECT FROM Nodes WHERE zone = :zone').toArray(), refused(/:zone/));
  assert.equal((await client.query('SELECT count(*) AS n FROM Nodes'))[0]!.n, 1);
});

test('the same on a pool', async () => {
  const p = pool({
    transport: tcp({ host: server.host, port: server.port }),
    database: db.name,
    user: db.user,
    password: db.password,
  });
  try {
    await assert.rejects(p.query('SELECT FROM Nodes WHERE zone = :zone', { status: 'on' }), refused(/:zone/));
    assert.equal((await p.query('SELECT FROM Nodes WHERE zone = :zone', { zone: 'living-room' })).length, 1);
  } finally {
    await p.close();
  }
});
