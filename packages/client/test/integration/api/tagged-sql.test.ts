// Tagged SQL on a real server, over TCP and through the bridge: values of every type go as parameters
// and come back exact; classic injection strings arrive as values (no extra rows, the class survives);
// identifiers only through sql.id().
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Decimal, InvalidArgumentError, type OrientDB, RecordId, sql } from '../../../src/index.js';
import { eachTransport } from './helpers/env.js';

const INJECTIONS = [
  "' OR 1=1 --",
  "x' OR '1'='1",
  '" OR ""="',
  '"; DROP CLASS Nodes UNSAFE; --',
  "'; DELETE VERTEX Nodes; --",
  "lamp\\' OR 1=1 --",
  ':p1',
  '/* */ OR 1=1',
];

interface NodeRow {
  name: string;
  zone: string;
  status: string;
}

eachTransport('tagged sql', (env) => {
  let client: OrientDB;
  before(async () => {
    ({ client } = await env.openDatabase());
    await client.batch(
      "CREATE CLASS Nodes EXTENDS V; CREATE PROPERTY Nodes.name STRING; CREATE INDEX Nodes.name UNIQUE; CREATE VERTEX Nodes SET name = 'lamp', zone = 'living-room', status = 'on'; CREATE VERTEX Nodes SET name = 'tv', zone = 'living-room', status = 'off'; CREATE VERTEX Nodes SET name = 'fan', zone = 'kitchen', status = 'off'",
    );
  });

  test('values and lists are parameters; the typed row comes back', async () => {
    const zone = 'living-room';
    const list = ['on', 'standby'];
    const rows = await client.query<NodeRow>`SELECT FROM Nodes WHERE zone = ${zone} AND status IN ${list}`;
    assert.deepEqual(
      rows.map((r) => r.name),
      ['lamp'],
    );
    const byName =
      await client.query<NodeRow>`SELECT FROM ${sql.id('Nodes')} WHERE name IN ${['tv', 'fan']} ORDER BY name`;
    assert.deepEqual(byName.map((r) => r.name).sort(), ['fan', 'tv']);
  });

  test('bigint, Decimal, Date, RecordId and arrays go with their own types and come back exact', async () => {
    const [lamp] = await client.query`SELECT @rid AS rid FROM Nodes WHERE name = ${'lamp'}`;
    const rid = lamp!['rid'] as RecordId;
    assert.ok(rid instanceof RecordId);
    const long = 9007199254740993n; // 2^53 + 1: a number would lose it
    const decimal = Decimal.from('12345678901234567890.123456789');
    const at = new Date(Date.UTC(2024, 1, 29, 12, 34, 56, 789));
    const ints = [1, 2, 3];
    const [made] =
      await client.command`INSERT INTO V SET l = ${long}, d = ${decimal}, at = ${at}, link = ${rid}, ints = ${ints}, s = ${"it's"}`;
    const [row] = await client.query`SELECT l, d, at, link, ints, s FROM ${made!['@rid']}`;
    assert.equal(row!['l'], long);
    assert.ok(row!['d'] instanceof Decimal);
    assert.equal(String(row!['d']), '12345678901234567890.123456789');
    assert.ok(row!['at'] instanceof Date);
    assert.equal((row!['at'] as Date).getTime(), at.getTime());
    assert.equal(String(row!['link']), String(rid));
    assert.deepEqual(row!['ints'], ints);
    assert.equal(row!['s'], "it's");
    const found = await client.query`SELECT FROM V WHERE l = ${long} AND d = ${decimal} AND at = ${at}`;
    assert.equal(found.length, 1);
  });

  test('injection strings are values: no rows match, nothing is written, the class survives', async () => {
    for (const evil of INJECTIONS) {
      assert.deepEqual(await client.query`SELECT FROM Nodes WHERE name = ${evil}`, [], evil);
      assert.deepEqual(await client.query`SELECT FROM Nodes WHERE zone = ${'kitchen'} AND name = ${evil}`, [], evil);
      const updated = await client.command`UPDATE Nodes SET status = ${evil} WHERE name = ${'fan'}`;
      assert.equal(updated[0]!['count'], 1, evil);
      const [fan] = await client.query<NodeRow>`SELECT status FROM Nodes WHERE name = ${'fan'}`;
      assert.equal(fan!.status, evil, 'the string was stored as it is');
    }
    const [count] = await client.query`SELECT count(*) AS n FROM Nodes`;
    assert.equal(Number(count!['n']), 3);
    const classes =
      await client.query`SELECT name FROM (SELECT expand(classes) FROM metadata:schema) WHERE name = ${'Nodes'}`;
    assert.equal(classes.length, 1);
  });

  test('an identifier that is not a plain name is refused before anything is sent', async () => {
    assert.throws(() => sql.id('Nodes; DROP CLASS Nodes UNSAFE'), InvalidArgumentError);
    await assert.rejects(client.query`SELECT FROM Nodes WHERE name = '${'lamp'}'`, InvalidArgumentError);
    const [count] = await client.query`SELECT count(*) AS n FROM ${sql.id('Nodes')}`;
    assert.equal(Number(count!['n']), 3);
  });

  test('the string form still works beside the tag', async () => {
    const rows = await client.query<NodeRow>('SELECT FROM Nodes WHERE name = :n', { n: 'tv' });
    assert.equal(rows[0]!.zone, 'living-room');
  });
});
