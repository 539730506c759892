// A pool's logins fail with the same errors as the client's, naming the endpoint they went to.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { AuthenticationError, DatabaseNotFoundError } from '../../../src/index.js';
import { pool } from '../../../src/pool.js';
import { tcp } from '../../../src/tcp.js';

let server: ServerInfo;
let db: TestDatabase;

before(async () => {
  server = await sharedServer();
  db = await createTestDatabase(server);
});
after(() => db.drop());

async function readyError(database: string, password: string): Promise<unknown> {
  const p = pool({
    transport: tcp({ host: server.host, port: server.port }),
    database,
    user: db.user,
    password,
    min: 1,
  });
  try {
    return await p.ready().then(
      () => assert.fail('the pool opened'),
      (e: unknown) => e,
    );
  } finally {
    await p.close();
  }
}

test('a wrong password: AuthenticationError naming host:port, the user and the database', async () => {
  const e = await readyError(db.name, 'not-the-password');
  assert.ok(e instanceof AuthenticationError, String(e));
  assert.match(e.message, new RegExp(`OrientDB at ${server.host}:${server.port}`));
  assert.match(e.message, new RegExp(db.name));
});

test('an unknown database: DatabaseNotFoundError naming host:port', async () => {
  const e = await readyError('no_such_database_here', db.password);
  assert.ok(e instanceof DatabaseNotFoundError, String(e));
  assert.match(e.message, new RegExp(`OrientDB at ${server.host}:${server.port}`));
});
