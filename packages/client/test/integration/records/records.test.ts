// Records by RID against the real server, over TCP and through the bridge: a record holding every
// type written, read back by the client and by SQL (client and HTTP), updated, deleted; MVCC errors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, sqlOverHttp, type TestDatabase } from '@orientdb-edge/testkit';
import { ConcurrentModificationError, Decimal, RecordId, Types, type OrientDB } from '../../../src/index.js';
import { eachTransport } from '../api/helpers/env.js';

const BIG = 2n ** 62n + 5n;
const DT = new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789));

eachTransport('records', (env) => {
  let db: TestDatabase;
  let client: OrientDB;
  let targets: RecordId[];

  before(async () => {
    db = await createTestDatabase(env.server);
    await sqlOverHttp(env.server, db, 'create class Thing extends V; create class Target extends V');
    client = env.client();
    await client.dbOpen(db.name, db.user, db.password);
    targets = [];
    for (let i = 0; i < 3; i++) targets.push((await client.recordCreate('Target', { n: i }))['@rid']);
  });
  after(async () => {
    await client.close();
    await db.drop();
  });

  function everyType(): Record<string, unknown> {
    const [t0, t1, t2] = targets as [RecordId, RecordId, RecordId];
    return {
      bool: true,
      int: -42,
      short: Types.short(-7),
      long: BIG,
      smallLong: Types.long(5),
      float: Types.float(1.5),
      double: 3.25,
      datetime: DT,
      date: Types.date('2024-02-29'),
      string: 'héllo ✓ 😀',
      binary: new Uint8Array([0, 1, 2, 255]),
      byte: Types.byte(-3),
      decimal: Types.decimal('12345678901234567890.123456789'),
      embedded: Types.embedded({ x: 1, deep: { y: [1, 2, 3], label: 'in' } }),
      list: Types.embeddedList([1, 'two', { three: 3 }, null, [4, 5]]),
      set: Types.embeddedSet(['a', 'b']),
      map: { k1: 1, k2: 'v', nested: { a: [1, 2], when: DT } },
      link: t0,
      linkList: [t0, t1, t0],
      linkSet: Types.linkSet([t1, t2]),
      linkMap: Types.linkMap({ first: t0, second: t2 }),
      linkBag: Types.linkBag([t0, t1, t2]),
      nothing: null,
    };
  }

  function assertEveryType(row: Record<string, unknown>): void {
    const [t0, t1, t2] = targets.map(String) as [string, string, string];
    assert.equal(row['bool'], true);
    assert.equal(row['int'], -42);
    assert.equal(row['short'], -7);
    assert.equal(row['long'], BIG);
    assert.equal(row['smallLong'], 5);
    assert.equal(row['float'], 1.5);
    assert.equal(row['double'], 3.25);
    assert.equal((row['datetime'] as Date).getTime(), DT.getTime());
    assert.equal((row['date'] as Date).toISOString().slice(0, 10), '2024-02-29');
    assert.equal(row['string'], 'héllo ✓ 😀');
    assert.deepEqual([...(row['binary'] as Uint8Array)], [0, 1, 2, 255]);
    assert.equal(row['byte'], -3);
    assert.ok(row['decimal'] instanceof Decimal);
    assert.equal(String(row['decimal']), '12345678901234567890.123456789');
    const emb = row['embedded'] as Record<string, unknown>;
    assert.equal(emb['x'], 1);
    assert.deepEqual((emb['deep'] as Record<string, unknown>)['y'], [1, 2, 3]);
    assert.equal((emb['deep'] as Record<string, unknown>)['label'], 'in');
    const list = row['list'] as unknown[];
    assert.equal(list.length, 5);
    assert.deepEqual(list.slice(0, 2), [1, 'two']);
    assert.equal((list[2] as Record<string, unknown>)['three'], 3);
    assert.equal(list[3], null);
    assert.deepEqual(list[4], [4, 5]);
    assert.deepEqual([...(row['set'] as string[])].sort(), ['a', 'b']);
    const map = row['map'] as Record<string, unknown>;
    assert.equal(map['k1'], 1);
    assert.equal(map['k2'], 'v');
    assert.deepEqual((map['nested'] as Record<string, unknown>)['a'], [1, 2]);
    assert.equal(((map['nested'] as Record<string, unknown>)['when'] as Date).getTime(), DT.getTime());
    assert.equal(String(row['link']), t0);
    assert.deepEqual((row['linkList'] as RecordId[]).map(String), [t0, t1, t0]);
    assert.deepEqual((row['linkSet'] as RecordId[]).map(String).sort(), [t1, t2].sort());
    const lm = row['linkMap'] as Record<string, RecordId>;
    assert.deepEqual({ first: String(lm['first']), second: String(lm['second']) }, { first: t0, second: t2 });
    assert.deepEqual((row['linkBag'] as RecordId[]).map(String).sort(), [t0, t1, t2].sort());
    assert.equal(row['nothing'], null);
  }

  test('a record holding every type reads back exactly, by RID and by SQL', async () => {
    const created = await client.recordCreate('Thing', everyType());
    assert.ok(created['@rid'] instanceof RecordId);
    assert.ok(!created['@rid'].isTemporary);
    assert.equal(created['@version'], 1);
    assert.equal(created['@class'], 'Thing');

    const loaded = await client.recordLoad(created['@rid']);
    assert.ok(loaded);
    assert.equal(loaded['@class'], 'Thing');
    assert.equal(loaded['@version'], 1);
    assertEveryType(loaded);

    const [viaSql] = await client.query('SELECT FROM Thing WHERE @rid = :rid', { rid: created['@rid'] });
    assert.ok(viaSql);
    assertEveryType(viaSql);

    const [http] = (await sqlOverHttp(
      env.server,
      db,
      `SELECT long.asString() AS long, decimal.asString() AS decimal, ` +
        `datetime.asLong() AS dt, date.format('yyyy-MM-dd') AS date, string, binary.size() AS binLen, ` +
        `embedded.deep.label AS label, map.k2 AS k2, link, linkList.size() AS ll, linkBag.size() AS bag, ` +
        `float, short, byte, list.size() AS listLen FROM ${created['@rid']}`,
    )) as Array<Record<string, unknown>>;
    assert.ok(http);
    assert.equal(http['long'], BIG.toString());
    assert.equal(http['decimal'], '12345678901234567890.123456789');
    assert.equal(http['dt'], DT.getTime());
    assert.equal(http['date'], '2024-02-29');
    assert.equal(http['string'], 'héllo ✓ 😀');
    assert.equal(http['label'], 'in');
    assert.equal(http['k2'], 'v');
    assert.equal(http['link'], String(targets[0]));
    assert.equal(http['ll'], 3);
    assert.equal(http['bag'], 3);
    assert.equal(http['float'], 1.5);
    assert.equal(http['short'], -7);
    assert.equal(http['byte'], -3);
    assert.equal(http['listLen'], 5);
  });

  test('a record created by SQL loads with its types; RIDs as strings are accepted', async () => {
    const [row] = (await sqlOverHttp(
      env.server,
      db,
      "INSERT INTO Thing SET name = 'sql', big = 9007199254740993, price = 10.25, tags = ['x','y']",
    )) as Array<Record<string, unknown>>;
    const rid = String(row!['@rid']);
    const loaded = await client.recordLoad(rid);
    assert.ok(loaded);
    assert.equal(String(loaded['@rid']), rid);
    assert.equal(loaded['name'], 'sql');
    assert.equal(loaded['big'], 9007199254740993n);
    assert.deepEqual(loaded['tags'], ['x', 'y']);
  });

  test('loading a record that does not exist gives null', async () => {
    const rid = (await client.recordCreate('Thing', { name: 'gone' }))['@rid'];
    assert.equal(await client.recordDelete(rid), true);
    assert.equal(await client.recordLoad(rid), null);
    assert.equal(await client.recordLoad(new RecordId(rid.cluster, 999999)), null);
    assert.equal(await client.recordDelete(rid), false);
  });

  test('update replaces the fields and bumps the version; delete removes the record', async () => {
    const created = await client.recordCreate('Thing', { name: 'a', keep: 1, drop: 2 });
    const updated = await client.recordUpdate(
      created['@rid'],
      { name: 'b', keep: 1, added: BIG },
      { version: created['@version'] },
    );
    assert.equal(updated['@version'], created['@version'] + 1);
    const loaded = await client.recordLoad(String(created['@rid']));
    assert.ok(loaded);
    assert.equal(loaded['@version'], updated['@version']);
    assert.equal(loaded['@class'], 'Thing');
    assert.equal(loaded['name'], 'b');
    assert.equal(loaded['added'], BIG);
    assert.ok(!('drop' in loaded), 'fields left out of an update are removed');
    const [count] = (await sqlOverHttp(
      env.server,
      db,
      `SELECT count(*) AS n FROM Thing WHERE name = 'b' AND @rid = ${created['@rid']}`,
    )) as Array<{ n: number }>;
    assert.equal(count!.n, 1);

    const loadedAgain = await client.recordLoad(created['@rid']);
    loadedAgain!['name'] = 'c';
    const viaRow = await client.recordUpdate(created['@rid'], loadedAgain!);
    assert.equal(viaRow['@version'], updated['@version'] + 1, "a loaded record's '@version' is used");

    assert.equal(await client.recordDelete(created['@rid'], { version: viaRow['@version'] }), true);
    const [gone] = (await sqlOverHttp(
      env.server,
      db,
      `SELECT count(*) AS n FROM Thing WHERE @rid = ${created['@rid']}`,
    )) as Array<{ n: number }>;
    assert.equal(gone!.n, 0);
  });

  test('a stale-version update or delete after a second client changed the record fails with the versions', async () => {
    const created = await client.recordCreate('Thing', { name: 'shared', n: 0 });
    const other = env.client();
    await other.dbOpen(db.name, db.user, db.password);
    const theirs = await other.recordUpdate(
      created['@rid'],
      { name: 'shared', n: 1 },
      { version: created['@version'] },
    );
    assert.equal(theirs['@version'], 2);

    await assert.rejects(
      client.recordUpdate(created['@rid'], { name: 'shared', n: 2 }, { version: created['@version'] }),
      (e: unknown) => {
        assert.ok(e instanceof ConcurrentModificationError);
        assert.equal(e.code, 'ERR_CONCURRENT_MODIFICATION');
        assert.equal(e.recordId, String(created['@rid']));
        assert.equal(e.databaseVersion, 2);
        assert.equal(e.recordVersion, 1);
        return true;
      },
    );
    await assert.rejects(client.recordDelete(created['@rid'], { version: 1 }), ConcurrentModificationError);
    const loaded = await client.recordLoad(created['@rid']);
    assert.equal(loaded!['n'], 1, 'the rejected writes changed nothing');
    assert.equal(loaded!['@version'], 2);
    await other.close();
  });

  test('a fetch plan brings linked records along and puts them in place of their links', async () => {
    const leaf = await client.recordCreate('Target', { n: 100 });
    const mid = await client.recordCreate('Target', { n: 10, child: leaf['@rid'] });
    const root = await client.recordCreate('Thing', {
      name: 'root',
      one: mid['@rid'],
      many: [mid['@rid'], leaf['@rid']],
    });
    const plain = await client.recordLoad(root['@rid']);
    assert.ok(plain!['one'] instanceof RecordId, 'without a fetch plan links stay RIDs');
    const fetched = await client.recordLoad(root['@rid'], { fetchPlan: '*:1' });
    const one = fetched!['one'] as Record<string, unknown>;
    assert.equal(String(one['@rid']), String(mid['@rid']));
    assert.equal(one['n'], 10);
    assert.deepEqual(
      (fetched!['many'] as Array<Record<string, unknown>>).map((r) => r['n']),
      [10, 100],
    );
  });

  test('bad arguments are rejected before anything is sent', async () => {
    await assert.rejects(client.recordLoad('not-a-rid'), { code: 'ERR_INVALID_ARGUMENT' });
    await assert.rejects(client.recordCreate('', {}), { code: 'ERR_INVALID_ARGUMENT' });
    await assert.rejects(client.recordUpdate('#1:1', { n: 1 }, { version: 1.5 }), { code: 'ERR_INVALID_ARGUMENT' });
  });
});
