// Reloads on a private server whose tokens live one minute: an expired token on reload
// (SessionExpired, the store cleared, the login path runs), and two tabs where one tab's keep-alive
// renewal is taken up by the other. The two run concurrently, each in its own browser profile.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import {
  createTestDatabase,
  describeServer,
  sqlOverHttp,
  startOrientDB,
  type OrientDBServer,
  type TestDatabase,
} from '@orientdb-edge/testkit';
import { launchChromium, type BrowserSession } from '../support/browser.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { NODE_NAMES } from '../support/fixtures.js';
import { load, pageUrl, secretUser, tappedBridge, type TappedBridge } from '../support/reload.js';

let server: OrientDBServer;
let owner: TestDatabase;
let db: TestDatabase;
let web: StaticServer;
const bridges: TappedBridge[] = [];
const browsers: BrowserSession[] = [];
before(async () => {
  server = await startOrientDB({ tokenExpireMinutes: 1 });
  owner = await createTestDatabase(describeServer(server));
  await sqlOverHttp(
    describeServer(server),
    owner,
    ['CREATE CLASS Nodes EXTENDS V', ...NODE_NAMES.map((n) => `INSERT INTO Nodes SET name = '${n}'`)].join(';'),
  );
  db = await secretUser(describeServer(server), owner);
  web = await serveStatic();
});
after(async () => {
  for (const b of browsers) await b.close();
  for (const b of bridges) await b.close();
  await web?.close();
  await server?.stop();
});

async function fresh(): Promise<{ browser: BrowserSession; tb: TappedBridge }> {
  const browser = await launchChromium();
  browsers.push(browser);
  const tb = await tappedBridge(server, web.origin);
  bridges.push(tb);
  return { browser, tb };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
type ClientState = { via: string; expiresAt: number; sessionId: number; renewals: number };
const state = (page: Page) =>
  page.evaluate(
    () => (window as unknown as { client: { session: unknown } }).client.session,
  ) as Promise<ClientState | null>;

describe('one-minute tokens', { concurrency: 2 }, () => {
  test("an expired token on reload: SessionExpired, the store cleared, the page's login path runs", async () => {
    const { browser, tb } = await fresh();
    const page = await browser.context.newPage();
    const first = await load(page, pageUrl(web.origin, tb.url, db, { keepAlive: '0' }));
    assert.deepEqual(first.names, NODE_NAMES);
    const expiresAt = first.session!.expiresAt;
    assert.ok(expiresAt > Date.now() && expiresAt <= Date.now() + 61_000, 'a one-minute token');
    await page.goto('about:blank');
    await sleep(expiresAt - Date.now() + 1000);

    const second = await load(page, pageUrl(web.origin, tb.url, db, { keepAlive: '0' }));
    assert.match(second.expired ?? '', /ERR_SESSION_EXPIRED: .*token has expired/);
    assert.deepEqual(second.keysAfterExpiry, [], 'the expired entry (and its index) are removed');
    assert.equal(second.loginPathRan, true);
    assert.deepEqual(second.names, NODE_NAMES);
    assert.equal(second.session?.via, 'login');
    assert.notEqual(second.session?.sessionId, first.session?.sessionId, 'a new session');

    await page.close();
  });

  test('two tabs share the session; a keep-alive renewal in one is used by the other', async () => {
    const { browser, tb } = await fresh();
    const a = await browser.context.newPage();
    const first = await load(a, pageUrl(web.origin, tb.url, db));
    assert.equal(first.session?.via, 'login');
    const b = await browser.context.newPage();
    const second = await load(b, pageUrl(web.origin, tb.url, undefined, { keepAlive: '0' }));
    assert.equal(second.error, undefined);
    assert.equal(second.loginPathRan, false, 'tab B never logs in');
    assert.equal(second.session?.sessionId, first.session?.sessionId, 'the same server session');

    // Tab A's keep-alive pings just past half the lifetime and the server renews the token.
    const renewed = (await a
      .waitForFunction(
        (before) => {
          const s = (window as unknown as { client: { session: { expiresAt: number } | null } }).client.session;
          return s && s.expiresAt > before ? s : null;
        },
        first.session!.expiresAt,
        { timeout: 50_000, polling: 250 },
      )
      .then((h) => h.jsonValue())) as ClientState;
    assert.ok(renewed.renewals >= 1);
    const tokenA = await a.evaluate(() =>
      (window as unknown as { client: { getSessionToken(): string } }).client.getSessionToken(),
    );

    // Tab B (no keep-alive of its own) takes up the renewal through the storage event...
    await b.waitForFunction(
      (want) => {
        const s = (window as unknown as { client: { session: { expiresAt: number } | null } }).client.session;
        return s !== null && s.expiresAt === want;
      },
      renewed.expiresAt,
      { timeout: 10_000, polling: 100 },
    );
    const tokenB = await b.evaluate(() =>
      (window as unknown as { client: { getSessionToken(): string } }).client.getSessionToken(),
    );
    const tokenPart = (t: string) => t.slice(-80);
    assert.equal(tokenPart(tokenB), tokenPart(tokenA), "tab B sends tab A's renewed token");
    const bState = await state(b);
    assert.ok(bState!.renewals >= 1);

    // ...and both keep working on the one session, past the first token's expiry.
    await sleep(first.session!.expiresAt - Date.now() + 1000);
    const rowsB = await b.evaluate(async () =>
      (
        await (window as unknown as { client: { query(s: string): Promise<Array<{ name: string }>> } }).client.query(
          'SELECT name FROM Nodes ORDER BY name',
        )
      ).map((r) => r.name),
    );
    assert.deepEqual(rowsB, NODE_NAMES);
    const rowsA = await a.evaluate(async () =>
      (
        await (window as unknown as { client: { query(s: string): Promise<Array<{ name: string }>> } }).client.query(
          'SELECT name FROM Nodes ORDER BY name',
        )
      ).map((r) => r.name),
    );
    assert.deepEqual(rowsA, NODE_NAMES);
    assert.equal((await state(b))!.sessionId, first.session!.sessionId);
    await a.close();
    await b.close();
  });
});
