// A page whose own time zone differs from the database's reads DATEs as 00:00 of the day in the
// database's zone, the same instants in whole records and projections, in Chromium and Firefox.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, sqlOverHttp, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { type Engine, type EngineName, waitForValue } from '../support/engines/engine.js';
import { launchEngine } from '../support/engines/launch.js';
import { bridgeFor, sharedServer } from '../support/fixtures.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';

const DATABASE_ZONE = 'America/Los_Angeles';
const PAGE_ZONE = 'Asia/Tokyo';
const DAYS = ['2024-01-15', '2024-03-10', '2024-03-11', '2024-11-03'];
/** 00:00 of each day in Los Angeles: PST (-8) until 2024-03-10 02:00, PDT (-7) until 2024-11-03 02:00. */
const MIDNIGHTS = [
  '2024-01-15T08:00:00.000Z',
  '2024-03-10T08:00:00.000Z',
  '2024-03-11T07:00:00.000Z',
  '2024-11-03T07:00:00.000Z',
];

let server: ServerInfo;
let db: TestDatabase;
let web: StaticServer;

before(async () => {
  server = await sharedServer();
  db = await createTestDatabase(server);
  await sqlOverHttp(
    server,
    db,
    [
      `ALTER DATABASE TIMEZONE "${DATABASE_ZONE}"`,
      'CREATE CLASS Profile',
      'CREATE PROPERTY Profile.Birthday DATE',
      ...DAYS.map((d, i) => `INSERT INTO Profile SET i = ${i}, Birthday = '${d}'`),
    ].join(';'),
  );
  web = await serveStatic();
});
after(async () => {
  await web?.close();
  await db?.drop();
});

for (const name of ['chromium', 'firefox'] as EngineName[]) {
  test(`${name} in ${PAGE_ZONE} reads a ${DATABASE_ZONE} database's DATEs as 00:00 there, in records and projections`, async () => {
    const bridge = await bridgeFor(server, [web.origin]);
    let engine: Engine | undefined;
    try {
      engine = await launchEngine(name, { timeZone: PAGE_ZONE });
      const page = await engine.newPage();
      const q = new URLSearchParams({ bridge: bridge.url, db: db.name, user: db.user, password: db.password });
      await page.goto(`${web.origin}/dates.html?${q}`);
      const result = await waitForValue<{
        localZone?: string;
        records?: string[];
        projected?: string[];
        error?: string;
      }>(page, 'window.result');
      assert.equal(result.error, undefined);
      assert.equal(result.localZone, PAGE_ZONE, 'the page runs in its own zone');
      assert.deepEqual(result.records, MIDNIGHTS);
      assert.deepEqual(result.projected, MIDNIGHTS);
    } finally {
      await engine?.close();
      await bridge.close();
    }
  });
}
