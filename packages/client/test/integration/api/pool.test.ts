// pool() on a real server, over TCP and through the bridge: at most `max` connections, `min` opened
// ahead of need, a connection cut inside the pool replaced (a query runs again, a command does not),
// a caller in line aborted or timed out with a typed error, streams and transactions holding their
// connection, and close() letting the calls in flight and in line finish.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '@orientdb-edge/testkit';
import { REQUEST_QUERY } from '../../../src/codec/operations/opcodes.js';
import { AbortError, OutcomeUnknownError, TimeoutError } from '../../../src/index.js';
import { type Pool, PoolClosedError, type PoolOptions, PoolTimeoutError, pool } from '../../../src/pool.js';
import type { Transport } from '../../../src/transport/transport.js';
import { eachTransport } from './helpers/env.js';
import { wire } from './helpers/wire.js';

/** The transport, counting the connections opened through it. */
function counted(inner: Transport): { transport: Transport; readonly connects: number } {
  let connects = 0;
  return {
    transport: {
      kind: inner.kind,
      endpoint: inner.endpoint,
      connect(handlers, options) {
        connects++;
        return inner.connect(handlers, options);
      },
    },
    get connects() {
      return connects;
    },
  };
}

/** A transaction that holds the pool's connection until `release()`. */
async function holdConnection(p: Pool): Promise<{ release(): void; done: Promise<unknown> }> {
  let release!: () => void;
  const held = new Promise<void>((r) => {
    release = r;
  });
  let entered!: () => void;
  const inside = new Promise<void>((r) => {
    entered = r;
  });
  const done = p.transaction(async (tx) => {
    entered();
    await held;
    return tx.query('SELECT FROM Nodes');
  });
  await inside;
  return { release, done };
}

eachTransport('pool', (env) => {
  let db: TestDatabase;
  const pools: Pool[] = [];
  const make = (options: Partial<PoolOptions>, transport: Transport = env.transport()): Pool => {
    const p = pool({ transport, database: db.name, user: db.user, password: db.password, ...options });
    pools.push(p);
    return p;
  };
  before(async () => {
    db = await createTestDatabase(env.server);
    const client = env.client();
    await client.dbOpen(db.name, db.user, db.password);
    await client.batch(
      "CREATE CLASS Nodes EXTENDS V; CREATE VERTEX Nodes SET name = 'lamp'; CREATE VERTEX Nodes SET name = 'tv'; CREATE VERTEX Nodes SET name = 'fan'",
    );
    await client.close();
  });
  after(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await db.drop();
  });

  test('64 callers on a pool of 3: never more than 3 connections, every caller served', async () => {
    const c = counted(env.transport());
    const p = make({ max: 3, min: 0 }, c.transport);
    const names = ['lamp', 'tv', 'fan'];
    const calls = Array.from({ length: 64 }, (_, i) => p.query`SELECT name FROM Nodes WHERE name = ${names[i % 3]}`);
    assert.deepEqual(p.stats, { size: 3, idle: 0, busy: 0, waiting: 64 });
    const rows = await Promise.all(calls);
    for (const [i, r] of rows.entries()) assert.equal(r[0]!['name'], names[i % 3]);
    assert.equal(c.connects, 3);
    assert.deepEqual(p.stats, { size: 3, idle: 3, busy: 0, waiting: 0 });
  });

  test('min connections are open and logged in before the first call, which opens none', async () => {
    const c = counted(env.transport());
    const p = make({ min: 2, max: 4 }, c.transport);
    await p.ready();
    assert.deepEqual(p.stats, { size: 2, idle: 2, busy: 0, waiting: 0 });
    assert.equal(c.connects, 2);
    await Promise.all([p.query('SELECT FROM Nodes'), p.query('SELECT FROM Nodes')]);
    assert.equal(c.connects, 2);
  });

  test('a connection cut inside the pool is replaced: the query runs again, the command is not resent', async () => {
    const w = wire(env.transport());
    const c = counted(w.transport);
    const p = make({ min: 1, max: 1 }, c.transport);
    await p.ready();
    w.cutAt(REQUEST_QUERY);
    const rows = await p.query`SELECT name FROM Nodes WHERE name = ${'lamp'}`;
    assert.equal(rows[0]!['name'], 'lamp');
    assert.equal(w.cuts, 1);
    assert.equal(c.connects, 2, 'one replacement connection');

    w.cutAt(REQUEST_QUERY);
    await assert.rejects(p.command`UPDATE Nodes SET status = ${'cut'} WHERE name = ${'tv'}`, OutcomeUnknownError);
    assert.equal(w.cuts, 2);
    const [tv] = await p.query`SELECT status FROM Nodes WHERE name = ${'tv'}`;
    assert.equal(tv!['status'] ?? null, null, 'the cut command never reached the server and was not sent again');
    assert.equal(c.connects, 3);
    assert.equal(p.stats.size, 1);
  });

  test('a caller in line is aborted with its AbortSignal (AbortError) and leaves the line', async () => {
    const p = make({ max: 1, min: 0 });
    const hold = await holdConnection(p);
    const ac = new AbortController();
    const waiting = p.query('SELECT FROM Nodes', {}, { signal: ac.signal });
    assert.equal(p.stats.waiting, 1);
    ac.abort(new Error('the user went away'));
    await assert.rejects(waiting, (e: unknown) => {
      assert.ok(e instanceof AbortError);
      assert.match((e as Error).message, /wait for a connection of the pool to .+ was aborted.*the user went away/);
      return true;
    });
    assert.equal(p.stats.waiting, 0);
    hold.release();
    assert.equal(((await hold.done) as unknown[]).length, 3);
    assert.equal((await p.query('SELECT FROM Nodes')).length, 3);
  });

  test('a caller in line past acquireTimeoutMs gets PoolTimeoutError naming the pool', async () => {
    const p = make({ max: 1, min: 1, acquireTimeoutMs: 50 });
    await p.ready(); // the holder must not itself wait 50 ms for the connection to open
    const hold = await holdConnection(p);
    await assert.rejects(p.query('SELECT FROM Nodes'), (e: unknown) => {
      assert.ok(e instanceof PoolTimeoutError && e instanceof TimeoutError);
      assert.equal((e as PoolTimeoutError).code, 'ERR_TIMEOUT');
      assert.match(
        (e as Error).message,
        /no connection of the pool to .+ came free within 50 ms \(1 of max 1 busy, 0 opening/,
      );
      assert.ok((e as PoolTimeoutError).waitedMs > 0);
      return true;
    });
    assert.equal(p.stats.waiting, 0);
    hold.release();
    await hold.done;
  });

  test('a stream holds its connection until the loop ends; a transaction commits on its own connection', async () => {
    const p = make({ max: 1, min: 0 });
    const names: string[] = [];
    let queued: Promise<unknown> | undefined;
    for await (const row of p.stream<{ name: string }>('SELECT name FROM Nodes ORDER BY name', {}, { pageSize: 1 })) {
      names.push(row.name);
      if (!queued) {
        assert.equal(p.stats.busy, 1);
        queued = p.query('SELECT FROM Nodes');
        assert.equal(p.stats.waiting, 1, 'the query waits for the stream');
      }
    }
    assert.deepEqual(names, ['fan', 'lamp', 'tv']);
    assert.equal(((await queued!) as unknown[]).length, 3);
    const made = await p.transaction(async (tx) => tx.command('CREATE VERTEX Nodes SET name = :n', { n: 'radio' }));
    assert.equal(String(made[0]!['name']), 'radio');
    const [radio] = await p.query`SELECT count(*) AS n FROM Nodes WHERE name = ${'radio'}`;
    assert.equal(Number(radio!['n']), 1);
    await p.command`DELETE VERTEX Nodes WHERE name = ${'radio'}`;
  });

  test('close() lets the calls in flight and in line finish, then closes every connection', async () => {
    const p = make({ max: 2, min: 1 });
    const calls = Array.from({ length: 6 }, () => p.query('SELECT FROM Nodes'));
    const closing = p.close();
    await assert.rejects(p.query('SELECT FROM Nodes'), PoolClosedError);
    for (const rows of await Promise.all(calls)) assert.equal(rows.length, 3);
    await closing;
    assert.deepEqual(p.stats, { size: 0, idle: 0, busy: 0, waiting: 0 });
  });
});
