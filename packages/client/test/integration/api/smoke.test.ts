import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase } from '@orientdb-edge/testkit';
import { eachTransport } from './helpers/env.js';

eachTransport('smoke', (env) => {
  test('open and query', async () => {
    const db = await createTestDatabase(env.server);
    const c = env.client();
    await c.dbOpen(db.name, db.user, db.password);
    const rows = await c.query('SELECT 1 AS one');
    console.log(rows);
    assert.equal(rows[0]!.one, 1);
    await c.close();
    await db.drop();
  });
});
