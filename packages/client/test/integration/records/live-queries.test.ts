// Live queries against the real server, over TCP and through the bridge: events made by another
// client arrive in order with their content, are routed by monitor id, stop on unsubscribe, and a
// closed client or a killed server ends the iteration with a typed error.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, sqlOverHttp, startOrientDB, type TestDatabase } from '@orientdb-edge/testkit';
import { OrientDB, OrientDBError, type LiveEvent, type LiveQuery } from '../../../src/index.js';
import { StatefulConnection as Connection } from '../../../src/session/stateful-connection.js';
import { databaseOpen } from '../../support/requests.js';
import { subscribeLive } from '../../../src/api/live-query.js';
import { decodePush, type PushMessage } from '../../../src/codec/push.js';
import { tcp } from '../../../src/tcp.js';
import { clientOptions, closeBridges, eachTransport, TRANSPORTS } from '../api/helpers/env.js';

type Row = Record<string, unknown>;

/** The next `n` events of a live query (reading with next(), so the subscription stays). */
async function take(live: LiveQuery, n: number): Promise<LiveEvent[]> {
  const it = live[Symbol.asyncIterator]();
  const out: LiveEvent[] = [];
  while (out.length < n) {
    const r = await it.next();
    if (r.done) throw new Error(`the live query ended after ${out.length} of ${n} events`);
    out.push(r.value);
  }
  return out;
}

/** Reads the iterator to its end (without unsubscribing). */
async function drain(live: LiveQuery): Promise<LiveEvent[]> {
  const it = live[Symbol.asyncIterator]();
  const out: LiveEvent[] = [];
  for (;;) {
    const r = await it.next();
    if (r.done) return out;
    out.push(r.value);
  }
}

eachTransport('live queries', (env) => {
  let db: TestDatabase;
  let client: OrientDB;
  let writer: OrientDB;

  before(async () => {
    db = await createTestDatabase(env.server);
    await sqlOverHttp(env.server, db, 'create class Nodes extends V');
    client = env.client();
    await client.dbOpen(db.name, db.user, db.password);
    writer = env.client();
    await writer.dbOpen(db.name, db.user, db.password);
  });
  after(async () => {
    await client.close();
    await writer.close();
    await db.drop();
  });

  test('creates, updates and deletes by another client arrive in order with their content', {
    timeout: 60_000,
  }, async () => {
    const live = await client.live('SELECT FROM Nodes WHERE zone = :zone', { zone: 'kitchen' });
    assert.ok(Number.isInteger(live.monitorId));
    const events = take(live, 4);
    await writer.recordCreate('Nodes', { zone: 'hall', name: 'not mine' });
    const a = await writer.recordCreate('Nodes', { zone: 'kitchen', name: 'lamp', watts: 40 });
    const a2 = await writer.recordUpdate(
      a['@rid'],
      { zone: 'kitchen', name: 'lamp', watts: 60 },
      { version: a['@version'] },
    );
    const b = await writer.recordCreate('Nodes', { zone: 'kitchen', name: 'kettle' });
    await writer.recordDelete(a['@rid'], { version: a2['@version'] });
    const got = await events;
    assert.deepEqual(
      got.map((e) => e.type),
      ['create', 'update', 'create', 'delete'],
    );
    const [c1, u, c2, d] = got as [LiveEvent, LiveEvent, LiveEvent, LiveEvent];
    assert.equal(String(c1.record['@rid']), String(a['@rid']));
    assert.equal(c1.record['name'], 'lamp');
    assert.equal(c1.record['watts'], 40);
    assert.equal(c1.before, undefined);
    assert.equal(String(u.record['@rid']), String(a['@rid']));
    assert.equal(u.record['watts'], 60);
    assert.equal(u.before!['watts'], 40);
    assert.equal(String(c2.record['@rid']), String(b['@rid']));
    assert.equal(c2.record['name'], 'kettle');
    assert.equal(String(d.record['@rid']), String(a['@rid']));
    assert.equal(d.record['name'], 'lamp');
    await live.unsubscribe();
  });

  test('SQL commands and transactions of another client produce events too', { timeout: 60_000 }, async () => {
    const live = await client.live('SELECT FROM Nodes WHERE zone = ?', ['garage']);
    const events = take(live, 3);
    await writer.command("INSERT INTO Nodes SET zone = 'garage', name = 'car'");
    await writer.transaction(async (tx) => {
      await tx.recordCreate('Nodes', { zone: 'garage', name: 'bike' });
      await tx.recordCreate('Nodes', { zone: 'garage', name: 'saw' });
    });
    const got = await events;
    assert.deepEqual(
      got.map((e) => e.type),
      ['create', 'create', 'create'],
    );
    assert.equal(got[0]!.record['name'], 'car');
    assert.deepEqual(
      got
        .slice(1)
        .map((e) => e.record['name'])
        .sort(),
      ['bike', 'saw'],
    );
    assert.ok(
      got.every((e) => !(e.record['@rid'] as { isTemporary: boolean }).isTemporary),
      'events carry the committed RIDs',
    );
    await live.unsubscribe();
  });

  test('two subscriptions on one connection get only their own events', { timeout: 60_000 }, async () => {
    const attic = await client.live('SELECT FROM Nodes WHERE zone = :z', { z: 'attic' });
    const cellar = await client.live('SELECT FROM Nodes WHERE zone = :z', { z: 'cellar' });
    assert.notEqual(attic.monitorId, cellar.monitorId);
    const inAttic = take(attic, 2);
    const inCellar = take(cellar, 1);
    await writer.recordCreate('Nodes', { zone: 'attic', name: 'a1' });
    await writer.recordCreate('Nodes', { zone: 'cellar', name: 'c1' });
    await writer.recordCreate('Nodes', { zone: 'attic', name: 'a2' });
    assert.deepEqual(
      (await inAttic).map((e) => e.record['name']),
      ['a1', 'a2'],
    );
    assert.deepEqual(
      (await inCellar).map((e) => e.record['name']),
      ['c1'],
    );
    await attic.unsubscribe();
    await cellar.unsubscribe();
  });

  test('unsubscribe ends the iteration and no later event is delivered', { timeout: 60_000 }, async () => {
    const live = await client.live('SELECT FROM Nodes WHERE zone = :z', { z: 'porch' });
    const witness = await client.live('SELECT FROM Nodes WHERE zone = :z', { z: 'porch' });
    await writer.recordCreate('Nodes', { zone: 'porch', name: 'before' });
    assert.deepEqual(
      (await take(live, 1)).map((e) => e.record['name']),
      ['before'],
    );
    assert.deepEqual(
      (await take(witness, 1)).map((e) => e.record['name']),
      ['before'],
    );
    await live.unsubscribe();
    assert.equal(live.ended, true);
    assert.deepEqual(await drain(live), []);
    await writer.recordCreate('Nodes', { zone: 'porch', name: 'after' });
    assert.deepEqual(
      (await take(witness, 1)).map((e) => e.record['name']),
      ['after'],
    );
    assert.deepEqual(await drain(live), [], 'nothing after unsubscribe()');
    await witness.unsubscribe();
  });

  test('leaving a for-await loop unsubscribes', { timeout: 60_000 }, async () => {
    const live = await client.live('SELECT FROM Nodes WHERE zone = :z', { z: 'roof' });
    const loop = (async () => {
      for await (const e of live) return e;
      return undefined;
    })();
    await writer.recordCreate('Nodes', { zone: 'roof', name: 'antenna' });
    const first = await loop;
    assert.equal(first?.record['name'], 'antenna');
    assert.equal(live.ended, true);
  });

  test('closing the client ends a live query with ClientClosedError', { timeout: 60_000 }, async () => {
    const own = env.client();
    await own.dbOpen(db.name, db.user, db.password);
    const live = await own.live('SELECT FROM Nodes WHERE zone = :z', { z: 'void' });
    const pending = drain(live);
    await own.close();
    await assert.rejects(pending, { name: 'ClientClosedError', code: 'ERR_CLOSED' });
  });

  test('a live query the server rejects fails at subscribe with a server error', { timeout: 60_000 }, async () => {
    await assert.rejects(
      client.live('SELECT FROM NoSuchClass WHERE x = 1'),
      (e: unknown) => e instanceof OrientDBError && e.code === 'ERR_SERVER',
    );
  });
});

describe('live query unsubscribe on the wire', () => {
  test('after UNSUBSCRIBE_PUSH the server sends no event for that monitor id', { timeout: 60_000 }, async () => {
    const { sharedServer } = await import('@orientdb-edge/testkit');
    const server = await sharedServer();
    const db = await createTestDatabase(server);
    await sqlOverHttp(server, db, 'create class Nodes extends V');
    const conn = await Connection.open(tcp({ host: server.host, port: server.port }));
    await databaseOpen(conn, db.name, db.user, db.password);
    const pushes: PushMessage[] = [];
    conn.onPush((p) => pushes.push(p), decodePush);
    const gone = await subscribeLive(conn, 'SELECT FROM Nodes', undefined);
    const witness = await subscribeLive(conn, 'SELECT FROM Nodes', undefined);
    await gone.unsubscribe();
    const cut = pushes.length;
    await sqlOverHttp(server, db, "INSERT INTO Nodes SET name = 'x'; INSERT INTO Nodes SET name = 'y'");
    assert.deepEqual(
      (await take(witness, 2)).map((e) => (e.record as Row)['name']),
      ['x', 'y'],
    );
    await sqlOverHttp(server, db, "INSERT INTO Nodes SET name = 'z'");
    assert.deepEqual(
      (await take(witness, 1)).map((e) => (e.record as Row)['name']),
      ['z'],
    );
    const late = pushes.slice(cut).filter((p) => p.kind === 'live-query' && p.monitorId === gone.monitorId);
    assert.ok(
      late.every((p) => p.kind === 'live-query' && p.status !== 'error' && p.events.length === 0),
      `events pushed after unsubscribe: ${JSON.stringify(late.map((p) => p.kind === 'live-query' && p.status))}`,
    );
    assert.ok(
      pushes
        .slice(cut)
        .some(
          (p) =>
            p.kind === 'live-query' &&
            p.status === 'events' &&
            p.monitorId === witness.monitorId &&
            p.events.length > 0,
        ),
    );
    conn.close();
    await db.drop();
  });
});

describe('live query when the server dies', () => {
  for (const kind of TRANSPORTS) {
    test(`the server killed under a live query ends it with a typed error [${kind}]`, { timeout: 60_000 }, async () => {
      const server = await startOrientDB();
      try {
        const db = await createTestDatabase(server);
        await sqlOverHttp(server, db, 'create class Nodes extends V');
        const client = new OrientDB(await clientOptions(kind, server));
        await client.dbOpen(db.name, db.user, db.password);
        const live = await client.live('SELECT FROM Nodes');
        await client.recordCreate('Nodes', { name: 'last words' });
        const it = live[Symbol.asyncIterator]();
        const first = await it.next();
        assert.equal(first.done, false);
        assert.equal((first.value as LiveEvent).record['name'], 'last words');
        const failed = assert.rejects(it.next(), (e: unknown) => {
          assert.ok(e instanceof OrientDBError, `not a typed error: ${String(e)}`);
          assert.ok(['ERR_CONNECTION_LOST', 'ERR_BRIDGE'].includes(e.code), e.code);
          return true;
        });
        await server.kill();
        await failed;
        assert.equal(live.ended, true);
        await client.close();
      } finally {
        await closeBridges();
        await server.stop();
      }
    });
  }
});
