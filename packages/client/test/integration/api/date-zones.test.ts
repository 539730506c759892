// DATE and DATETIME on databases in four time zones, against the real server: whole records,
// projections and record loads agree on 00:00 of the day in the database's zone (what the server itself
// formats), across daylight-saving changes; a DATE read and written back stays on its day; Types.date,
// query parameters and DATETIME instants round-trip. The test process runs in the machine's own zone.
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import type { OrientDB, RecordRow, Row } from '../../../src/index.js';
import { Types } from '../../../src/index.js';
import { type Env, eachTransport } from './helpers/env.js';
import { runChild } from './helpers/run-child.js';

const DAYS = ['2024-01-15', '2024-03-10', '2024-03-31', '2024-07-01', '2024-10-27', '2024-11-03'];
/** The zone's offset (hours) at 00:00 of each day above, from its published rules. */
const OFFSETS: Record<string, number[]> = {
  UTC: [0, 0, 0, 0, 0, 0],
  // British summer time from 2024-03-31 01:00 GMT to 2024-10-27 02:00 BST.
  'Europe/London': [0, 0, 0, 1, 1, 0],
  // Daylight time from 2024-03-10 02:00 PST to 2024-11-03 02:00 PDT.
  'America/Los_Angeles': [-8, -8, -7, -7, -7, -7],
  'Asia/Kolkata': [5.5, 5.5, 5.5, 5.5, 5.5, 5.5],
};

function midnight(zone: string, i: number): string {
  return new Date(Date.parse(`${DAYS[i]}T00:00:00Z`) - OFFSETS[zone]![i]! * 3_600_000).toISOString();
}

/** A database in `zone` with one Profile per day of DAYS, written by SQL (the server parses the day in its zone). */
async function databaseIn(env: Env, zone: string): Promise<{ name: string; user: string; password: string }> {
  const { db, client } = await env.openDatabase();
  await client.command(`ALTER DATABASE TIMEZONE "${zone}"`);
  await client.batch(
    `CREATE CLASS Profile; CREATE PROPERTY Profile.Birthday DATE; CREATE PROPERTY Profile.Seen DATETIME;
     ${DAYS.map((d, i) => `INSERT INTO Profile SET i = ${i}, Birthday = '${d}';`).join('\n')}`,
  );
  return db;
}

/** The day the server itself sees in each Profile's Birthday, by i. */
async function serverDays(client: OrientDB, where = 'i IS NOT NULL'): Promise<string[]> {
  const rows = await client.query<{ day: string }>(
    `SELECT Birthday.format('yyyy-MM-dd') AS day FROM Profile WHERE ${where} ORDER BY i`,
  );
  return rows.map((r) => r.day);
}

for (const zone of Object.keys(OFFSETS)) {
  eachTransport(`DATE in a database in ${zone}`, (env) => {
    let client: OrientDB;
    let expected: string[];
    let db: { name: string; user: string; password: string };
    before(async () => {
      db = await databaseIn(env, zone);
      // A new session learns the zone the database has now.
      client = env.client();
      await client.dbOpen(db.name, db.user, db.password);
      expected = DAYS.map((_, i) => midnight(zone, i));
    });

    test('whole records, projections and record loads: 00:00 of the day in the database zone, as the server formats it', async () => {
      assert.deepEqual(await serverDays(client), DAYS, 'the server stored the days SQL named');
      const records = await client.query<Row>('SELECT FROM Profile ORDER BY i');
      assert.deepEqual(
        records.map((r) => (r.Birthday as Date).toISOString()),
        expected,
      );
      const projected = await client.query<{ Birthday: Date }>('SELECT Birthday FROM Profile ORDER BY i');
      assert.deepEqual(
        projected.map((r) => r.Birthday.toISOString()),
        expected,
      );
      const loaded = await client.recordLoad(records[3]!['@rid'] as RecordRow['@rid']);
      assert.equal((loaded!.Birthday as Date).toISOString(), expected[3]);
    });

    test('a DATE read and written back unchanged stays on its day; so does a query parameter of it', async () => {
      const records = await client.query<RecordRow>('SELECT FROM Profile WHERE i < 6 ORDER BY i');
      for (const r of records) await client.recordUpdate(r['@rid'], r);
      assert.deepEqual(await serverDays(client, 'i < 6'), DAYS);
      const [found] = await client.query<{ n: number }>('SELECT count(*) AS n FROM Profile WHERE Birthday = :d', {
        d: records[2]!.Birthday,
      });
      assert.equal(found!.n, 1, 'the Date read back finds its own record');
    });

    test("Types.date: a Date counts on the day it falls on in the database zone; 'YYYY-MM-DD' is that day", async () => {
      const lateEvening = new Date(Date.parse(expected[3]!) + 23 * 3_600_000 + 59 * 60_000);
      await client.recordCreate('Profile', { i: 100, Birthday: Types.date(lateEvening) });
      await client.recordCreate('Profile', { i: 101, Birthday: Types.date('2024-10-27') });
      await client.command('INSERT INTO Profile SET i = 102, Birthday = :d', { d: Types.date(new Date(expected[1]!)) });
      assert.deepEqual(await serverDays(client, 'i >= 100'), [DAYS[3], '2024-10-27', DAYS[1]]);
    });

    if (env.kind === 'tcp' && zone === 'America/Los_Angeles')
      test('a Node process whose own zone is Pacific/Auckland reads the same instants', async () => {
        const { host, port } = env.server;
        const login = { database: db.name, user: db.user, password: db.password };
        const child = await runChild(
          { target: `${host}:${port}`, login, query: 'SELECT FROM Profile WHERE i < 6 ORDER BY i', reportZone: true },
          { TZ: 'Pacific/Auckland' },
        );
        const out = child.lines[0] as { rows?: Array<{ Birthday: string }>; localZone?: string; error?: string };
        assert.equal(out.error, undefined, child.stderr);
        assert.equal(out.localZone, 'Pacific/Auckland');
        assert.deepEqual(
          out.rows!.map((r) => r.Birthday),
          expected,
        );
      });

    test('DATETIME: the same instant back from records and projections', async () => {
      const seen = new Date('2024-10-27T01:30:00.250Z');
      const created = await client.recordCreate('Profile', { i: 200, Seen: seen });
      const [record] = await client.query<Row>('SELECT FROM Profile WHERE i = 200');
      const [projection] = await client.query<{ Seen: Date }>('SELECT Seen FROM Profile WHERE i = 200');
      assert.equal((record!.Seen as Date).getTime(), seen.getTime());
      assert.equal(projection!.Seen.getTime(), seen.getTime());
      assert.equal(((await client.recordLoad(created['@rid']))!.Seen as Date).getTime(), seen.getTime());
    });
  });
}

eachTransport('DATE after ALTER DATABASE TIMEZONE', (env) => {
  test('a session keeps the zone it learned until dbReload(), which moves it to the new one', async () => {
    const { client } = await env.openDatabase();
    await client.batch("CREATE CLASS P; CREATE PROPERTY P.d DATE; INSERT INTO P SET d = '2024-07-01';");
    const read = async () => ((await client.query<{ d: Date }>('SELECT FROM P'))[0]!.d as Date).toISOString();
    const first = await read();
    await client.command('ALTER DATABASE TIMEZONE "Asia/Kolkata"');
    const config = await client.dbReload();
    assert.equal(config.timeZone, 'Asia/Kolkata');
    assert.equal(await read(), '2024-06-30T18:30:00.000Z');
    assert.notEqual(first, '2024-06-30T18:30:00.000Z');
  });
});
