// The reload scenarios and the browser-bundle smoke test, written once against the engine interface
// and registered for one engine per test file (engine-chromium/-firefox/-webkit.test.ts). Each test has
// its own tapped bridge, so the tests of a file run at once without reading each other's bytes; the
// short settings (park grace 1 s, the shared server's 5 s clean-up) stand in for Chromium's 3-minute
// wait. A private server keeps a closed socket's session for 60 s (so a bridge restart is never a race
// against the clean-up) and issues one-minute tokens (so the two-tab renewal happens within the test).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  createTestDatabase,
  describeServer,
  type ServerInfo,
  sqlOverHttp,
  startOrientDB,
  type OrientDBServer,
  type TestDatabase,
} from '@orientdb-edge/testkit';
import { type Engine, type EngineName, type EnginePage, waitForValue } from './engines/engine.js';
import { launchEngine } from './engines/launch.js';
import { serveStatic, type StaticServer } from './static-server.js';
import { bridgeFor, NODE_NAMES, nodesDatabase, sharedServer } from './fixtures.js';
import { credentialRequests } from './tap-proxy.js';
import { type PageResult, pageUrl, secretUser, tappedBridge, type TappedBridge } from './reload.js';

const PARK_GRACE_MS = 1000;
const SHARED_CLEAN_DELAY_MS = 5000;

/** Waits for the page's window.result and returns it. */
function pageResult(page: EnginePage): Promise<PageResult> {
  return waitForValue<PageResult>(page, 'window.result');
}

async function load(page: EnginePage, url: string): Promise<PageResult> {
  await page.goto(url);
  return pageResult(page);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for ${what}`);
    await sleep(50);
  }
}

export function engineScenarios(name: EngineName): void {
  let shared: ServerInfo;
  let privateServer: OrientDBServer;
  let owner: TestDatabase;
  let db: TestDatabase;
  let sharedOwner: TestDatabase;
  let sharedDb: TestDatabase;
  let web: StaticServer;
  let engine: Engine;
  const bridges: TappedBridge[] = [];
  const figures: Record<string, number | string> = { engine: name };

  before(async () => {
    shared = await sharedServer();
    [privateServer, engine, web] = await Promise.all([
      startOrientDB({ cleanDelayMs: 60_000, tokenExpireMinutes: 1 }),
      launchEngine(name),
      serveStatic(),
    ]);
    figures.version = engine.version;
    const info = describeServer(privateServer);
    owner = await createTestDatabase(info);
    await sqlOverHttp(
      info,
      owner,
      ['CREATE CLASS Nodes EXTENDS V', ...NODE_NAMES.map((n) => `INSERT INTO Nodes SET name = '${n}'`)].join(';'),
    );
    db = await secretUser(info, owner);
    sharedOwner = await nodesDatabase(shared);
    sharedDb = await secretUser(shared, sharedOwner);
  });
  after(async () => {
    console.log(`REATTACH-FIGURES ${JSON.stringify(figures)}`);
    await engine?.close();
    for (const b of bridges) await b.close();
    await web?.close();
    await sharedOwner?.drop();
    await privateServer?.stop();
  });

  const bridge = async (server: ServerInfo | OrientDBServer, options = {}) => {
    const tb = await tappedBridge(server, web.origin, options);
    bridges.push(tb);
    return tb;
  };
  /** Nothing the client sent through `tb` after `mark` opens a session or carries the password. */
  const assertNoCredentialsSince = (tb: TappedBridge, mark: number, password: string) => {
    for (const bytes of tb.tap.sentSince(mark)) {
      assert.deepEqual(credentialRequests(bytes), [], 'no DB_OPEN or CONNECT after the reload');
      assert.equal(bytes.indexOf(Buffer.from(password)), -1, 'the password never crosses the wire after the reload');
    }
  };
  const keysOf = (result: PageResult, tb: TappedBridge) =>
    result.storedKeys.filter((k) => k.includes(encodeURIComponent(tb.url)));

  describe(`${name}`, { concurrency: true }, () => {
    test(`${name}: the browser bundle opens a database through the bridge and reads rows; a foreign origin is refused`, async () => {
      const b = await bridgeFor(shared, [web.origin]);
      const other = await serveStatic();
      const page = await engine.newPage();
      try {
        const q = new URLSearchParams({
          bridge: b.url,
          db: sharedDb.name,
          user: sharedDb.user,
          password: sharedDb.password,
        });
        const ok = await load(page, `${web.origin}/smoke.html?${q}`);
        assert.equal(ok.error, undefined);
        assert.deepEqual(ok.names, NODE_NAMES);
        assert.match((ok as { rid?: string }).rid ?? '', /^#\d+:\d+$/);
        // recordLoad(), the 'query' event and the text of a refused upgrade come from files the bundle
        // loads on first use; the query that started while the event's file loaded was heard too.
        assert.equal((ok as { loadedName?: string }).loadedName, NODE_NAMES[0]);
        assert.deepEqual((ok as { queryEvents?: unknown }).queryEvents, [
          ['SELECT name FROM Nodes ORDER BY name', NODE_NAMES.length],
          ['SELECT FROM Nodes ORDER BY name LIMIT 1', 1],
        ]);
        const refused = await load(page, `${other.origin}/smoke.html?${q}`);
        assert.match(refused.error ?? '', /^UpgradeRefusedError ERR_UPGRADE_REFUSED: .*Likely causes/);
      } finally {
        await page.close();
        await other.close();
        await b.close();
      }
    });

    test(`${name}: reload at once: resumed on the parked connection, same rows, no credentials sent`, async () => {
      const tb = await bridge(privateServer);
      const page = await engine.newPage();
      const first = await load(page, pageUrl(web.origin, tb.url, db));
      assert.equal(first.error, undefined);
      assert.equal(first.loginPathRan, true);
      assert.deepEqual(first.names, NODE_NAMES);
      assert.equal(first.session?.via, 'login');
      assert.equal(keysOf(first, tb).length, 2, 'one session entry and the endpoint index');
      const stored = await page.evaluate<string>(
        "Object.entries(localStorage).filter(([k]) => k.startsWith('orientdb-edge:s|')).map(([, v]) => v).join()",
      );
      assert.equal(stored.includes(db.password), false, 'the password is never stored');

      const mark = tb.tap.mark();
      const connectionsBefore = tb.tap.connections;
      const second = await load(page, pageUrl(web.origin, tb.url));
      assert.equal(second.error, undefined);
      assert.equal(second.loginPathRan, false);
      assert.deepEqual(second.names, NODE_NAMES);
      assert.equal(second.session?.via, 'resume', `bridge parks: ${JSON.stringify(tb.bridge.metrics().parks)}`);
      assert.equal(second.session?.sessionId, first.session?.sessionId, 'the same server session');
      assert.equal(tb.tap.connections, connectionsBefore, 'no new upstream connection: the parked one was resumed');
      figures.resumeMs = second.rowsAtMs ?? 'n/a';

      await page.reload();
      const third = await pageResult(page);
      assert.deepEqual(third.names, NODE_NAMES);
      assert.equal(third.session?.via, 'resume');
      figures.resumeAfterReloadMs = third.rowsAtMs ?? 'n/a';
      assertNoCredentialsSince(tb, mark, db.password);
      await page.close();
    });

    test(`${name}: the bridge restarted between two loads: the old session id on a new connection, no credentials sent`, async () => {
      const tb = await bridge(privateServer);
      const page = await engine.newPage();
      const first = await load(page, pageUrl(web.origin, tb.url, db));
      assert.equal(first.session?.via, 'login');
      await page.goto('about:blank');
      const mark = tb.tap.mark();
      await tb.restart();
      const second = await load(page, pageUrl(web.origin, tb.url));
      assert.equal(second.error, undefined);
      assert.deepEqual(second.names, NODE_NAMES);
      assert.equal(second.session?.via, 'session');
      assert.equal(second.session?.sessionId, first.session?.sessionId, 'the same server session');
      figures.sessionMs = second.rowsAtMs ?? 'n/a';
      assertNoCredentialsSince(tb, mark, db.password);
      await page.close();
    });

    test(`${name}: the PyOrient way: getSessionToken() kept by the page, setSessionToken() after a reload, no credentials sent`, async () => {
      const tb = await bridge(privateServer);
      const page = await engine.newPage();
      const q = new URLSearchParams({ bridge: tb.url, db: db.name, user: db.user, password: db.password });
      const first = await load(page, `${web.origin}/manual-token.html?${q}`);
      assert.equal(first.error, undefined);
      assert.equal(first.loginPathRan, true);
      assert.deepEqual(first.names, NODE_NAMES);
      assert.deepEqual(keysOf(first, tb), [], 'no token store: nothing of this bridge in localStorage');
      const mark = tb.tap.mark();
      await page.reload();
      const second = await pageResult(page);
      assert.equal(second.error, undefined);
      assert.equal(second.loginPathRan, false);
      assert.deepEqual(second.names, NODE_NAMES);
      assert.equal(second.session?.via, 'resume');
      assert.equal(second.session?.sessionId, first.session?.sessionId);
      figures.manualResumeMs = second.rowsAtMs ?? 'n/a';
      assertNoCredentialsSince(tb, mark, db.password);
      await page.close();
    });

    test(`${name}: reload after the server's session clean-up: resumed where the bridge still parks, token-only where not, else SessionExpired`, async () => {
      const long = await bridge(shared, { parkGraceMs: 60_000 });
      const short = await bridge(shared, { parkGraceMs: PARK_GRACE_MS });
      const pLong = await engine.newPage();
      const pShort = await engine.newPage();
      const [firstLong, firstShort] = await Promise.all([
        load(pLong, pageUrl(web.origin, long.url, sharedDb)),
        load(pShort, pageUrl(web.origin, short.url, sharedDb)),
      ]);
      assert.equal(firstLong.session?.via, 'login');
      assert.equal(firstShort.session?.via, 'login');
      await Promise.all([pLong.goto('about:blank'), pShort.goto('about:blank')]);
      const mark = long.tap.mark();
      const markShort = short.tap.mark();
      // The short bridge drops its parked connection, then the server cleans the session up.
      await until(() => short.bridge.metrics().parks.expired >= 1, 'the short bridge to expire its parked connection');
      await sleep(SHARED_CLEAN_DELAY_MS + 1500);

      const later = await load(pLong, pageUrl(web.origin, long.url));
      assert.equal(later.error, undefined);
      assert.deepEqual(later.names, NODE_NAMES);
      assert.equal(later.session?.via, 'resume');
      assert.equal(later.session?.sessionId, firstLong.session?.sessionId);
      assertNoCredentialsSince(long, mark, sharedDb.password);

      const tokenOnly = await load(pShort, pageUrl(web.origin, short.url));
      assert.equal(tokenOnly.error, undefined);
      assert.deepEqual(tokenOnly.names, NODE_NAMES);
      assert.equal(tokenOnly.session?.via, 'stateless', 'parked connection and old session gone: token-only requests');
      figures.statelessMs = tokenOnly.rowsAtMs ?? 'n/a';
      assertNoCredentialsSince(short, markShort, sharedDb.password);

      const gone = await load(pShort, pageUrl(web.origin, short.url, undefined, { routes: 'resume,session' }));
      assert.match(
        gone.error ?? '',
        /ERR_SESSION_EXPIRED: .*resume: bridge closed the connection: 4404 unknown or expired resume id; session: .*missing session and token/,
      );
      assert.deepEqual(
        gone.keysAfterExpiry?.filter((k) => k.includes(encodeURIComponent(short.url))),
        [],
        "this bridge's entry is removed",
      );
      assert.equal(
        gone.keysAfterExpiry?.filter((k) => k.includes(encodeURIComponent(long.url))).length,
        2,
        "the other bridge's session is untouched",
      );
      await pLong.close();
      await pShort.close();
    });

    test(`${name}: two tabs share one session; a keep-alive renewal in one is used by the other`, async () => {
      const tb = await bridge(privateServer);
      const a = await engine.newPage();
      const first = await load(a, pageUrl(web.origin, tb.url, db));
      assert.equal(first.session?.via, 'login');
      const mark = tb.tap.mark();
      const b = await engine.newPage();
      const second = await load(b, pageUrl(web.origin, tb.url, undefined, { keepAlive: '0' }));
      assert.equal(second.error, undefined);
      assert.equal(second.loginPathRan, false, 'tab B never logs in');
      assert.equal(second.session?.sessionId, first.session?.sessionId, 'the same server session');

      // Tab A's keep-alive pings past half the one-minute lifetime and the server renews the token.
      const before = first.session!.expiresAt;
      const renewed = await waitForValue<{ expiresAt: number; renewals: number }>(
        a,
        `(() => { const s = window.client.session; return s && s.expiresAt > ${before} ? s : null; })()`,
        50_000,
      );
      assert.ok(renewed.renewals >= 1);
      const tokenA = await a.evaluate<string>('window.client.getSessionToken()');
      // Tab B (no keep-alive of its own) takes the renewal up through the storage event...
      await waitForValue(
        b,
        `(() => { const s = window.client.session; return s !== null && s.expiresAt === ${renewed.expiresAt}; })()`,
        10_000,
      );
      const tokenB = await b.evaluate<string>('window.client.getSessionToken()');
      assert.equal(tokenB.slice(-80), tokenA.slice(-80), "tab B sends tab A's renewed token");

      // ...and both keep working on the one session past the first token's expiry.
      await sleep(before - Date.now() + 1000);
      const rows =
        "window.client.query('SELECT name FROM Nodes ORDER BY name').then((rows) => rows.map((r) => r.name))";
      assert.deepEqual(await b.evaluate(rows), NODE_NAMES);
      assert.deepEqual(await a.evaluate(rows), NODE_NAMES);
      const bState = await b.evaluate<{ sessionId: number; renewals: number }>('window.client.session');
      assert.equal(bState.sessionId, first.session!.sessionId);
      assert.ok(bState.renewals >= 1);
      assertNoCredentialsSince(tb, mark, db.password);
      await a.close();
      await b.close();
    });
  });
}
