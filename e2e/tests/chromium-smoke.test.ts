// Debian's Chromium loads the browser bundle with <script type=module> and queries the real
// OrientDB through the bridge.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bridge } from '@orientdb-edge/bridge';
import type { ServerInfo, TestDatabase } from '@orientdb-edge/testkit';
import { launchChromium, type BrowserSession } from '../support/browser.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { bridgeFor, NODE_NAMES, nodesDatabase, sharedServer } from '../support/fixtures.js';

let server: ServerInfo;
let db: TestDatabase;
let web: StaticServer;
let bridge: Bridge;
let browser: BrowserSession;
before(async () => {
  server = await sharedServer();
  db = await nodesDatabase(server);
  web = await serveStatic();
  bridge = await bridgeFor(server, [web.origin]);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await bridge?.close();
  await web?.close();
  await db?.drop();
});

test('the browser bundle opens a database through the bridge and reads rows', async () => {
  const page = await browser.context.newPage();
  const q = new URLSearchParams({ bridge: bridge.url, db: db.name, user: db.user, password: db.password });
  await page.goto(`${web.origin}/smoke.html?${q}`);
  const result = (await page
    .waitForFunction(() => (window as unknown as { result?: unknown }).result)
    .then((h) => h.jsonValue())) as { names?: string[]; rid?: string; error?: string };
  assert.equal(result.error, undefined);
  assert.deepEqual(result.names, NODE_NAMES);
  assert.match(result.rid ?? '', /^#\d+:\d+$/);
  await page.close();
});

test('a page from an origin the bridge does not allow cannot connect', async () => {
  const other = await serveStatic();
  try {
    const page = await browser.context.newPage();
    const q = new URLSearchParams({ bridge: bridge.url, db: db.name, user: db.user, password: db.password });
    await page.goto(`${other.origin}/smoke.html?${q}`);
    const result = (await page
      .waitForFunction(() => (window as unknown as { result?: unknown }).result)
      .then((h) => h.jsonValue())) as { error?: string };
    assert.match(result.error ?? '', /ERR_/);
    await page.close();
  } finally {
    await other.close();
  }
});
