// Every OType written by SQL literals and read back through the API, and the same values sent as
// query parameters and checked by SQL on the server; link bags embedded (≤ 40 edges) and tree (> 40).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '@orientdb-edge/testkit';
import { Decimal, type OrientDB, RecordId, ServerError, TreeLinkBag, Types } from '../../../src/index.js';
import { eachTransport } from './helpers/env.js';

const SCHEMA = `CREATE CLASS Target; CREATE CLASS N EXTENDS V; CREATE CLASS T;
  CREATE PROPERTY T.bool BOOLEAN; CREATE PROPERTY T.int INTEGER; CREATE PROPERTY T.short SHORT; CREATE PROPERTY T.long LONG;
  CREATE PROPERTY T.float FLOAT; CREATE PROPERTY T.double DOUBLE; CREATE PROPERTY T.datetime DATETIME; CREATE PROPERTY T.date DATE;
  CREATE PROPERTY T.string STRING; CREATE PROPERTY T.binary BINARY; CREATE PROPERTY T.embedded EMBEDDED; CREATE PROPERTY T.elist EMBEDDEDLIST;
  CREATE PROPERTY T.eset EMBEDDEDSET; CREATE PROPERTY T.emap EMBEDDEDMAP; CREATE PROPERTY T.link LINK; CREATE PROPERTY T.llist LINKLIST;
  CREATE PROPERTY T.lset LINKSET; CREATE PROPERTY T.lmap LINKMAP; CREATE PROPERTY T.byte BYTE; CREATE PROPERTY T.decimal DECIMAL`;

const BIG_LONG = 9007199254740993n; // 2^53 + 1: not representable as a JS number
const DECIMAL = '12345678901234567890.123456789';

/** A comparable form: RecordId and Decimal as text, Date as ms, bytes as arrays, sets sorted. */
function plain(v: unknown): unknown {
  if (v instanceof RecordId || v instanceof Decimal) return `${v.constructor.name}(${v.toString()})`;
  if (v instanceof Date) return `Date(${v.toISOString()})`;
  if (v instanceof Uint8Array) return `bytes(${[...v].join(',')})`;
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function expected(a: string, b: string): Record<string, unknown> {
  return {
    bool: true,
    int: 2147483647,
    short: -32768,
    long: BIG_LONG,
    float: 1.5,
    double: 0.1,
    datetime: 'Date(2024-02-29T13:14:15.678Z)',
    date: 'Date(2024-02-29T00:00:00.000Z)',
    string: 'héllo ✓ 😀',
    binary: 'bytes(1,2,3,255)',
    embedded: { a: 1, b: 'x' },
    elist: [1, 'two', 3.5],
    eset: [1, 2, 3],
    emap: { k1: 1, k2: 'v' },
    link: `RecordId(${a})`,
    llist: [`RecordId(${a})`, `RecordId(${b})`],
    lset: [`RecordId(${a})`, `RecordId(${b})`].sort(),
    lmap: { x: `RecordId(${a})` },
    byte: -5,
    decimal: `Decimal(${DECIMAL})`,
  };
}

function fields(row: Record<string, unknown>): Record<string, unknown> {
  const out = plain(
    Object.fromEntries(Object.entries(row).filter(([k]) => !k.startsWith('@') && k !== 'tag')),
  ) as Record<string, unknown>;
  out.eset = (out.eset as number[]).slice().sort();
  out.lset = (out.lset as string[]).slice().sort();
  return out;
}

eachTransport('types', (env) => {
  let db: TestDatabase;
  let client: OrientDB;
  let a = '';
  let b = '';
  before(async () => {
    db = await createTestDatabase(env.server);
    client = env.client();
    await client.dbOpen(db.name, db.user, db.password);
    await client.batch(SCHEMA);
    a = String((await client.command('INSERT INTO Target SET n = 1'))[0]!['@rid']);
    b = String((await client.command('INSERT INTO Target SET n = 2'))[0]!['@rid']);
  });
  after(async () => {
    await client.close();
    await db.drop();
  });

  test('every type written by SQL literals reads back exactly (LONG beyond 2^53, DECIMAL exact)', async () => {
    const [inserted] =
      await client.command(`INSERT INTO T SET tag = 'sql', bool = true, int = 2147483647, short = -32768,
      long = ${BIG_LONG}, float = 1.5, double = 0.1,
      datetime = date('2024-02-29 13:14:15.678', 'yyyy-MM-dd HH:mm:ss.SSS', 'UTC'), date = date('2024-02-29', 'yyyy-MM-dd', 'UTC'),
      string = 'héllo ✓ 😀', binary = decode('AQID/w==', 'base64'), embedded = {"@type": "d", "a": 1, "b": "x"},
      elist = [1, 'two', 3.5], eset = [3, 1, 2], emap = {"k1": 1, "k2": "v"}, link = ${a}, llist = [${a}, ${b}],
      lset = [${a}, ${b}], lmap = {"x": ${a}}, byte = -5, decimal = '${DECIMAL}'.asDecimal()`);
    assert.ok(inserted!['@rid'] instanceof RecordId);
    assert.equal(inserted!['@class'], 'T');
    assert.equal(inserted!['@version'], 1);
    const [row] = await client.query("SELECT FROM T WHERE tag = 'sql'");
    assert.equal(typeof row!.long, 'bigint');
    assert.ok(row!.decimal instanceof Decimal);
    assert.ok(row!.binary instanceof Uint8Array);
    assert.deepEqual(fields(row!), expected(a, b));
    const [types] = await client.query(
      "SELECT long.type() AS long, decimal.type() AS decimal, byte.type() AS byte, short.type() AS short FROM T WHERE tag = 'sql'",
    );
    assert.deepEqual({ ...types }, { long: 'LONG', decimal: 'DECIMAL', byte: 'BYTE', short: 'SHORT' });
  });

  test('every type sent as a parameter is stored as sent (checked by SQL on the server) and reads back', async () => {
    const params = {
      bool: true,
      int: 2147483647,
      short: Types.short(-32768),
      long: BIG_LONG,
      float: Types.float(1.5),
      double: 0.1,
      datetime: new Date(Date.UTC(2024, 1, 29, 13, 14, 15, 678)),
      date: Types.date('2024-02-29'),
      string: 'héllo ✓ 😀',
      binary: new Uint8Array([1, 2, 3, 255]),
      embedded: Types.embedded({ a: 1, b: 'x' }),
      elist: [1, 'two', 3.5],
      eset: Types.embeddedSet([3, 1, 2]),
      emap: { k1: 1, k2: 'v' },
      link: RecordId.parse(a),
      llist: Types.linkList([a, b]),
      lset: Types.linkSet([a, b]),
      lmap: Types.linkMap({ x: a }),
      byte: Types.byte(-5),
      decimal: Types.decimal(DECIMAL),
    };
    const names = Object.keys(params);
    await client.command(`INSERT INTO T SET tag = 'param', ${names.map((n) => `${n} = :${n}`).join(', ')}`, params);
    const [check] =
      await client.query(`SELECT count(*) AS n FROM T WHERE tag = 'param' AND bool = true AND int = 2147483647
      AND short = -32768 AND long = ${BIG_LONG} AND float = 1.5 AND double.asString() = '0.1'
      AND datetime = date('2024-02-29 13:14:15.678', 'yyyy-MM-dd HH:mm:ss.SSS', 'UTC') AND date = date('2024-02-29', 'yyyy-MM-dd', 'UTC')
      AND string = 'héllo ✓ 😀' AND binary.size() = 4 AND embedded.a = 1 AND embedded.b = 'x' AND elist[1] = 'two' AND eset.size() = 3
      AND emap.k2 = 'v' AND link = ${a} AND llist[1] = ${b} AND lset CONTAINS ${b} AND lmap.x = ${a} AND byte = -5
      AND decimal = '${DECIMAL}'.asDecimal()`);
    assert.equal(check!.n, 1);
    const [row] = await client.query("SELECT FROM T WHERE tag = 'param'");
    assert.deepEqual(fields(row!), expected(a, b));
    const byParam = await client.query('SELECT tag FROM T WHERE long = :long AND decimal = :decimal AND tag = :tag', {
      long: BIG_LONG,
      decimal: Types.decimal(DECIMAL),
      tag: 'param',
    });
    assert.deepEqual(
      byParam.map((r) => r.tag),
      ['param'],
    );
    const positional = await client.query('SELECT tag FROM T WHERE long = ? AND tag = ?', [BIG_LONG, 'sql']);
    assert.deepEqual(
      positional.map((r) => r.tag),
      ['sql'],
    );
  });

  test('LINKBAG: embedded up to 40 edges (RIDs inline), a tree beyond (pointer; contents through SQL)', async () => {
    const [small] = await client.command("CREATE VERTEX N SET name = 'small'");
    const [big] = await client.command("CREATE VERTEX N SET name = 'big'");
    await client.batch(Array.from({ length: 45 }, (_, i) => `CREATE VERTEX N SET i = ${i}`).join(';\n'));
    await client.batch(`CREATE EDGE E FROM ${small!['@rid']} TO (SELECT FROM N WHERE i < 3)`);
    await client.batch(`CREATE EDGE E FROM ${big!['@rid']} TO (SELECT FROM N WHERE i >= 0)`);
    const [s] = await client.query(`SELECT FROM ${small!['@rid']}`);
    const bag = s!['out_'] as RecordId[];
    assert.ok(Array.isArray(bag), 'an embedded bag arrives as an array of RIDs');
    assert.equal(bag.length, 3);
    const edgeRids = (await client.query(`SELECT @rid AS rid FROM E WHERE out = ${small!['@rid']}`))
      .map((r) => String(r.rid))
      .sort();
    assert.deepEqual(bag.map(String).sort(), edgeRids);
    const [t] = await client.query(`SELECT FROM ${big!['@rid']}`);
    assert.ok(t!['out_'] instanceof TreeLinkBag, 'a bag of 45 edges is a tree');
    const [count] = await client.query(`SELECT out().size() AS n FROM ${big!['@rid']}`);
    assert.equal(count!.n, 45);
  });

  test('a LINKBAG parameter is refused by the server (link bags exist only at document root)', async () => {
    await assert.rejects(
      client.command('INSERT INTO T SET tag = :tag, bag = :bag', { tag: 'bag', bag: Types.linkBag([a, b]) }),
      (e: unknown) => e instanceof ServerError && /RidBag/.test(e.serverMessage),
    );
  });
});
