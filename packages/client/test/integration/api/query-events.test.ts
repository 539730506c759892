// The 'query' event on a real server: one per SQL call, on the client and on the pool, with the
// operation's table name, the SQL text, duration, rows, answer bytes and any error; parameter values
// only when asked for (queryEventParams).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TestDatabase } from '@orientdb-edge/testkit';
import { type OrientDB, type QueryEvent, ServerError } from '../../../src/index.js';
import { pool } from '../../../src/pool.js';
import { eachTransport } from './helpers/env.js';

eachTransport('query events', (env) => {
  let db: TestDatabase;
  let client: OrientDB;
  before(async () => {
    ({ db, client } = await env.openDatabase());
    await client.batch("CREATE CLASS Nodes EXTENDS V; CREATE VERTEX Nodes SET name = 'lamp', zone = 'kitchen'");
  });

  test('one event per call with its fields; no parameter values by default', async () => {
    const events: QueryEvent[] = [];
    const off = client.on('query', (e) => events.push(e));
    const secret = 'lamp';
    await client.query`SELECT FROM Nodes WHERE name = ${secret}`;
    await client.command('UPDATE Nodes SET zone = :z WHERE name = :n', { z: 'hall', n: secret });
    await assert.rejects(client.query('SELEKT nonsense'), ServerError);
    off();
    await client.query('SELECT FROM Nodes');
    assert.equal(events.length, 3);
    const [read, write, failed] = events as [QueryEvent, QueryEvent, QueryEvent];
    assert.equal(read.operation, 'REQUEST_QUERY');
    assert.equal(read.kind, 'query');
    assert.equal(read.sql, 'SELECT FROM Nodes WHERE name = :p0');
    assert.equal(read.rows, 1);
    assert.ok(read.bytes > 20, `bytes ${read.bytes}`);
    assert.ok(read.durationMs >= 0);
    assert.equal(read.endpoint, client.endpoint);
    assert.equal(read.error, undefined);
    assert.equal(write.kind, 'command');
    assert.equal(write.rows, 1);
    assert.ok(failed.error instanceof ServerError);
    assert.equal(failed.rows, 0);
    for (const e of events) {
      assert.ok(!('params' in e));
      assert.ok(!JSON.stringify(e).includes(secret), 'no value of a parameter in the event');
    }
  });

  test('a stream reports once, when its loop ends, with the rows handed out', async () => {
    const events: QueryEvent[] = [];
    const off = client.on('query', (e) => events.push(e));
    let seen = 0;
    for await (const _ of client.stream('SELECT FROM Nodes', {}, { pageSize: 1 })) seen++;
    off();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.rows, seen);
    assert.equal(events[0]!.sql, 'SELECT FROM Nodes');
    assert.ok(events[0]!.bytes > 0);
  });

  test('queryEventParams: true adds the values', async () => {
    const c = env.client({ queryEventParams: true });
    await c.dbOpen(db.name, db.user, db.password);
    const events: QueryEvent[] = [];
    c.on('query', (e) => events.push(e));
    await c.query`SELECT FROM Nodes WHERE name = ${'lamp'}`;
    assert.deepEqual(events[0]!.params, { p0: 'lamp' });
    await c.close();
  });

  test('the pool adds its wait and size', async () => {
    const p = pool({ transport: env.transport(), database: db.name, user: db.user, password: db.password, max: 1 });
    try {
      const events: QueryEvent[] = [];
      p.on('query', (e) => events.push(e));
      await Promise.all([p.query('SELECT FROM Nodes'), p.query`SELECT FROM Nodes WHERE name = ${'lamp'}`]);
      assert.equal(events.length, 2);
      for (const e of events) {
        assert.equal(e.poolSize, 1);
        assert.equal(typeof e.waitMs, 'number');
        assert.equal(e.rows, 1);
        assert.ok(e.bytes > 0);
        assert.ok(!('params' in e));
      }
      assert.ok(
        events.some((e) => e.waitMs! > 0),
        'the second caller waited for the only connection',
      );
      const rows = await p.stream('SELECT FROM Nodes').toArray();
      assert.equal(events.length, 3);
      assert.equal(events[2]!.rows, rows.length);
      assert.equal(events[2]!.poolSize, 1);
    } finally {
      await p.close();
    }
  });
});
