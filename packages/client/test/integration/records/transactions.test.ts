// Transactions against the real server, over TCP and through the bridge: transaction(fn) with a
// server-side TX_BEGIN/COMMIT (protocols 38 and 37), rollback, MVCC conflicts, and the batch style.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, sqlOverHttp, type TestDatabase } from '@orientdb-edge/testkit';
import { ConcurrentModificationError, type RecordId, type OrientDB, type RecordRow } from '../../../src/index.js';
import { eachTransport } from '../api/helpers/env.js';

type Row = Record<string, unknown>;

eachTransport('transactions', (env) => {
  let db: TestDatabase;
  let client: OrientDB;
  let other: OrientDB;
  const count = async (where: string): Promise<number> => {
    const [r] = (await sqlOverHttp(env.server, db, `SELECT count(*) AS n FROM Node WHERE ${where}`)) as Array<{
      n: number;
    }>;
    return r!.n;
  };

  before(async () => {
    db = await createTestDatabase(env.server);
    await sqlOverHttp(
      env.server,
      db,
      'create class Node extends V; create property Node.name STRING; create index Node.name UNIQUE',
    );
    client = env.client();
    await client.dbOpen(db.name, db.user, db.password);
    other = env.client();
    await other.dbOpen(db.name, db.user, db.password);
  });
  after(async () => {
    await client.close();
    await other.close();
    await db.drop();
  });

  test('1,000 creates with links among them commit together; temporary RIDs become real, in links too', async () => {
    const rows = await client.transaction(async (tx) => {
      const made: RecordRow[] = [];
      for (let i = 0; i < 1000; i++) {
        const fields: Row = { name: `n${i}`, i };
        if (i > 0) fields['prev'] = made[i - 1]!['@rid'];
        if (i > 1) fields['back'] = [made[i - 2]!['@rid'], made[0]!['@rid']];
        made.push(await tx.recordCreate('Node', fields));
      }
      assert.ok(
        made.every((r) => r['@rid'].position < 0),
        'inside the transaction the RIDs are temporary',
      );
      assert.equal(await count("name LIKE 'n%'"), 0, 'nothing is visible to others before the commit');
      return made;
    });
    assert.equal(rows.length, 1000);
    assert.ok(rows.every((r) => !r['@rid'].isTemporary && r['@rid'].position >= 0 && r['@version'] >= 1));
    assert.equal(new Set(rows.map((r) => String(r['@rid']))).size, 1000);
    for (let i = 1; i < 1000; i++) assert.equal(String(rows[i]!['prev']), String(rows[i - 1]!['@rid']));
    assert.deepEqual((rows[500]!['back'] as RecordId[]).map(String), [
      String(rows[498]!['@rid']),
      String(rows[0]!['@rid']),
    ]);

    assert.equal(await count("name LIKE 'n%'"), 1000);
    const sample = (await sqlOverHttp(
      env.server,
      db,
      "SELECT name, prev.name AS prevName, back[0].name AS back0, back[1].name AS back1 FROM Node WHERE name IN ['n1', 'n500', 'n999']",
    )) as Row[];
    const byName = Object.fromEntries(sample.map((r) => [r['name'], r]));
    assert.equal(byName['n1']!['prevName'], 'n0');
    assert.equal(byName['n500']!['prevName'], 'n499');
    assert.equal(byName['n500']!['back0'], 'n498');
    assert.equal(byName['n500']!['back1'], 'n0');
    assert.equal(byName['n999']!['prevName'], 'n998');
    const loaded = await other.recordLoad(rows[999]!['@rid']);
    assert.equal(String(loaded!['prev']), String(rows[998]!['@rid']));
  });

  test('queries and commands inside see the transaction’s own changes', async () => {
    await client.transaction(async (tx) => {
      const a = await tx.recordCreate('Node', { name: 'seen-a', tag: 'seen' });
      await tx.command("INSERT INTO Node SET name = 'seen-b', tag = 'seen'");
      const rows = await tx.query("SELECT FROM Node WHERE tag = 'seen'");
      assert.deepEqual(rows.map((r) => r['name']).sort(), ['seen-a', 'seen-b']);
      assert.equal(String(rows.find((r) => r['name'] === 'seen-a')!['@rid']), String(a['@rid']));
      const loaded = await tx.recordLoad(a['@rid']);
      assert.equal(loaded!['name'], 'seen-a');
      assert.equal((await tx.query(`SELECT FROM ${a['@rid']}`)).length, 1);
      assert.deepEqual(await other.query("SELECT FROM Node WHERE tag = 'seen'"), []);
    });
    assert.equal(await count("tag = 'seen'"), 2);
  });

  test('index lookups inside see the transaction’s own changes on 3.0 and 3.2 (not on 3.1, a server limitation)', async () => {
    const [major, minor] = env.server.version.split('.').map(Number) as [number, number];
    const indexSeesTx = !(major === 3 && minor === 1);
    await client.transaction(async (tx) => {
      await tx.recordCreate('Node', { name: 'indexed-a' });
      const rows = await tx.query("SELECT FROM Node WHERE name = 'indexed-a'");
      assert.equal(rows.length, indexSeesTx ? 1 : 0, `server ${env.server.version}`);
    });
    assert.equal(await count("name = 'indexed-a'"), 1);
  });

  test('a throw rolls back: nothing is left, and the error is the one thrown', async () => {
    const existing = await client.recordCreate('Node', { name: 'rb-existing', v: 1 });
    const boom = new Error('boom');
    await assert.rejects(
      client.transaction(async (tx) => {
        await tx.recordCreate('Node', { name: 'rb-new' });
        await tx.recordUpdate(existing['@rid'], { name: 'rb-existing', v: 2 }, { version: existing['@version'] });
        await tx.command("INSERT INTO Node SET name = 'rb-sql'");
        throw boom;
      }),
      (e) => e === boom,
    );
    assert.equal(await count("name IN ['rb-new', 'rb-sql']"), 0);
    const after = await client.recordLoad(existing['@rid']);
    assert.equal(after!['v'], 1);
    assert.equal(after!['@version'], existing['@version']);
    const again = await client.transaction((tx) => tx.recordCreate('Node', { name: 'rb-after' }));
    assert.ok(!again['@rid'].isTemporary, 'the session is usable for a new transaction after a rollback');
  });

  test('a conflicting commit rejects with the typed error and writes nothing', async () => {
    const target = await client.recordCreate('Node', { name: 'conflict', v: 0 });
    await assert.rejects(
      client.transaction(async (tx) => {
        await tx.recordCreate('Node', { name: 'conflict-side' });
        await tx.recordUpdate(target['@rid'], { name: 'conflict', v: 1 }, { version: target['@version'] });
        await other.recordUpdate(target['@rid'], { name: 'conflict', v: 99 }, { version: target['@version'] });
      }),
      (e: unknown) => {
        assert.ok(e instanceof ConcurrentModificationError);
        assert.equal(e.recordId, String(target['@rid']));
        assert.equal(e.databaseVersion, target['@version'] + 1);
        assert.equal(e.recordVersion, target['@version']);
        return true;
      },
    );
    assert.equal(await count("name = 'conflict-side'"), 0);
    const [row] = (await sqlOverHttp(env.server, db, `SELECT v FROM ${target['@rid']}`)) as Row[];
    assert.equal(row!['v'], 99);
  });

  test('a unique-index violation at commit rolls everything back', async () => {
    await client.recordCreate('Node', { name: 'unique-1' });
    await assert.rejects(
      client.transaction(async (tx) => {
        await tx.recordCreate('Node', { name: 'unique-2' });
        await tx.recordCreate('Node', { name: 'unique-1' });
      }),
      { code: 'ERR_SERVER' },
    );
    assert.equal(await count("name = 'unique-2'"), 0);
  });

  test('transaction() refuses to nest on one session; a finished handle refuses calls', async () => {
    const kept = await client.transaction(async (tx) => {
      await assert.rejects(
        client.transaction(async () => undefined),
        { code: 'ERR_INVALID_ARGUMENT' },
      );
      return tx;
    });
    await assert.rejects(kept.query('SELECT 1'), { code: 'ERR_INVALID_ARGUMENT' });
    await assert.rejects(kept.recordCreate('Node', { name: 'late' }), { code: 'ERR_INVALID_ARGUMENT' });
    assert.equal(await count("name = 'late'"), 0);
  });

  describe('batch style (tx())', () => {
    test('creates linking each other, an update and a delete commit in one request', async () => {
      const upd = await client.recordCreate('Node', { name: 'b-upd', v: 1 });
      const del = await client.recordCreate('Node', { name: 'b-del' });
      const tx = await client.tx();
      const a = tx.create('Node', { name: 'b-a' });
      const b = tx.create('Node', { name: 'b-b', friend: a });
      tx.update(a, { name: 'b-a', friend: b });
      tx.update(upd['@rid'], { name: 'b-upd', v: 2 }, { version: upd['@version'] });
      tx.delete(del['@rid'], { version: del['@version'] });
      assert.equal(tx.size, 4, 'the update of a record created in the batch edits its creation');
      assert.equal(
        await count("name LIKE 'b-%' AND name <> 'b-upd' AND name <> 'b-del'"),
        0,
        'nothing is sent before commit()',
      );
      const res = await tx.commit();
      const realA = res.ridOf(a);
      const realB = res.ridOf(b);
      assert.ok(!realA.isTemporary && !realB.isTemporary);
      assert.equal(res.created.length, 2);
      assert.deepEqual(res.deleted.map(String), [String(del['@rid'])]);
      const rows = (await sqlOverHttp(
        env.server,
        db,
        "SELECT @rid AS rid, name, friend, v FROM Node WHERE name LIKE 'b-%' ORDER BY name",
      )) as Row[];
      const by = Object.fromEntries(rows.map((r) => [r['name'], r]));
      assert.equal(by['b-a']!['friend'], String(realB));
      assert.equal(by['b-b']!['friend'], String(realA));
      assert.equal(by['b-upd']!['v'], 2);
      assert.equal(by['b-del'], undefined);
      assert.throws(() => tx.create('Node', {}), { code: 'ERR_INVALID_ARGUMENT' });
    });

    test('a stale version in a batch rejects it whole', async () => {
      const t = await client.recordCreate('Node', { name: 'bs', v: 1 });
      await other.recordUpdate(t['@rid'], { name: 'bs', v: 2 }, { version: t['@version'] });
      const tx = await client.tx();
      tx.create('Node', { name: 'bs-new' });
      tx.update(t['@rid'], { name: 'bs', v: 3 }, { version: t['@version'] });
      await assert.rejects(tx.commit(), ConcurrentModificationError);
      assert.equal(await count("name = 'bs-new'"), 0);
      assert.equal((await client.recordLoad(t['@rid']))!['v'], 2);
    });

    test('rollback() drops the attached operations', async () => {
      const tx = await client.tx();
      tx.create('Node', { name: 'never' });
      tx.rollback();
      await assert.rejects(tx.commit(), { code: 'ERR_INVALID_ARGUMENT' });
      assert.equal(await count("name = 'never'"), 0);
    });
  });

  describe('on protocol 37', () => {
    test('transaction(fn) and the batch style work the same', async () => {
      const c37 = env.client({ protocolVersion: 37 });
      await c37.dbOpen(db.name, db.user, db.password);
      const [a, b] = await c37.transaction(async (tx) => {
        const x = await tx.recordCreate('Node', { name: 'p37-a', tag: 'p37' });
        const y = await tx.recordCreate('Node', { name: 'p37-b', friend: x['@rid'] });
        assert.equal((await tx.query("SELECT FROM Node WHERE tag = 'p37'")).length, 1);
        return [x, y];
      });
      assert.equal(String(b!['friend']), String(a!['@rid']));
      assert.ok(!a!['@rid'].isTemporary);
      const tx = await c37.tx();
      const t = tx.create('Node', { name: 'p37-c', friend: a!['@rid'] });
      const res = await tx.commit();
      const loaded = await c37.recordLoad(res.ridOf(t));
      assert.equal(String(loaded!['friend']), String(a!['@rid']));
      await c37.close();
    });
  });
});
