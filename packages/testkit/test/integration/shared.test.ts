import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, readGreeting, sharedServer, sqlOverHttp } from '../../src/index.js';

test('the shared server hands out fresh databases', async () => {
  const server = await sharedServer();
  assert.ok(server.protocolVersion === 37 || server.protocolVersion === 38);
  assert.equal(await readGreeting(server.host, server.port), server.protocolVersion);
  const a = await createTestDatabase(server);
  const b = await createTestDatabase(server);
  assert.notEqual(a.name, b.name);
  await sqlOverHttp(server, a, 'CREATE CLASS Thing; INSERT INTO Thing SET v = 1; INSERT INTO Thing SET v = 2');
  const rows = (await sqlOverHttp(server, a, 'SELECT count(*) AS c FROM Thing')) as Array<{ c: number }>;
  assert.equal(rows[0]!.c, 2);
  await assert.rejects(sqlOverHttp(server, b, 'SELECT FROM Thing'), /Thing/);
  await a.drop();
  await b.drop();
});
