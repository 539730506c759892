// Page lifecycle scenarios, written once against the engine interface and registered per engine
// (lifecycle-chromium/-firefox.test.ts): the back/forward cache, and offline/online. A private server
// keeps a cut connection's session for 60 s: with the default 5 s clean-up, which runs on a timer of
// that period, a session cut 1.5 s earlier was sometimes already gone ('missing session and token'). Offline is the
// browser's event as the page sees it (dispatched in the page: emulated offline would not cut the open
// WebSocket anyway) together with a real cut at the tap between the bridge and OrientDB.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeServer,
  type OrientDBServer,
  type ServerInfo,
  sqlOverHttp,
  startOrientDB,
  type TestDatabase,
} from '@orientdb-edge/testkit';
import { type Engine, type EngineName, type EnginePage, waitForValue } from './engines/engine.js';
import { launchEngine } from './engines/launch.js';
import { serveStatic, type StaticServer } from './static-server.js';
import { NODE_NAMES, nodesDatabase } from './fixtures.js';
import { credentialRequests } from './tap-proxy.js';
import { secretUser, tappedBridge, type TappedBridge } from './reload.js';

interface LifecyclePage {
  ready?: boolean;
  error?: string;
  loginPathRan: boolean;
  shows: boolean[];
  hides: boolean[];
  live: Array<{ type: string; name: string | null }>;
  liveError?: string;
  reconnecting: Array<{ attempt: number; delayMs: number }>;
  reattached: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function lifecycleScenarios(name: EngineName): void {
  let privateServer: OrientDBServer;
  let server: ServerInfo;
  let owner: TestDatabase;
  let db: TestDatabase;
  let web: StaticServer;
  let engine: Engine;
  const bridges: TappedBridge[] = [];
  before(async () => {
    [privateServer, engine, web] = await Promise.all([
      startOrientDB({ cleanDelayMs: 60_000 }),
      launchEngine(name, { backForwardCache: true }),
      serveStatic(),
    ]);
    server = describeServer(privateServer);
    owner = await nodesDatabase(server);
    db = await secretUser(server, owner);
  });
  after(async () => {
    await engine?.close();
    for (const b of bridges) await b.close();
    await web?.close();
    await privateServer?.stop();
  });

  const open = async (extra: Record<string, string> = {}) => {
    const tb = await tappedBridge(server, web.origin);
    bridges.push(tb);
    const page = await engine.newPage();
    const q = new URLSearchParams({ bridge: tb.url, db: db.name, user: db.user, password: db.password, ...extra });
    const url = `${web.origin}/lifecycle.html?${q}`;
    await page.goto(url);
    const state = await waitForValue<LifecyclePage>(
      page,
      'window.page && (window.page.ready || window.page.error) && window.page',
    );
    assert.equal(state.error, undefined);
    return { tb, page, url };
  };
  const lifecycle = (page: EnginePage) => page.evaluate<LifecyclePage>('window.page');
  const rows = (page: EnginePage) =>
    page.evaluate<string[]>(
      "window.client.query('SELECT name FROM Nodes WHERE name IN ' + JSON.stringify(['fan','heater','lamp']) + ' ORDER BY name').then((r) => r.map((x) => x.name))",
    );
  const assertNoCredentialsSince = (tb: TappedBridge, mark: number) => {
    for (const bytes of tb.tap.sentSince(mark)) {
      assert.deepEqual(credentialRequests(bytes), [], 'no DB_OPEN or CONNECT');
      assert.equal(bytes.indexOf(Buffer.from(db.password)), -1, 'never the password');
    }
  };
  /** Inserts a node over HTTP and waits for the page's live query to report it. */
  const liveDelivers = async (page: EnginePage, node: string) => {
    await sqlOverHttp(server, owner, `INSERT INTO Nodes SET name = '${node}'`);
    await waitForValue(page, `window.page.live.some((e) => e.name === '${node}')`, 20_000).catch(async (e) => {
      throw new Error(`${e.message}; page: ${JSON.stringify(await lifecycle(page))}`);
    });
  };

  describe(name, { concurrency: true }, () => {
    test(`${name}: back and forward: the page carries on in its session and its live query comes back`, async () => {
      const { tb, page } = await open();
      await liveDelivers(page, `${name}-before`);
      const mark = tb.tap.mark();
      await page.goto(`${web.origin}/smoke.html`);
      await page.evaluate('history.back()');
      const state = await waitForValue<LifecyclePage>(
        page,
        'window.page && (window.page.ready || window.page.error) && window.page',
      );
      assert.equal(state.error, undefined);
      const restored = state.shows.includes(true);
      // A restored page is the first load's document (which logged in); a fresh load must not log in.
      if (!restored) assert.equal(state.loginPathRan, false, 'no login after coming back');
      if (name === 'chromium') {
        assert.equal(restored, true, 'Chromium restores the page from its back/forward cache');
        assert.deepEqual(state.hides, [true], 'pagehide said the page went into the cache');
      }
      // The restored page reattaches on pageshow; its live query is subscribed again once that is done.
      if (restored) await waitForValue(page, 'window.page.reattached >= 1', 20_000);
      // Firefox keeps no page whose WebSocket is still closing as it leaves (measured: a page that closed
      // its WebSocket beforehand is cached, one that closes it on beforeunload or pagehide is not), so
      // there the way back is a fresh load, which resumes the parked connection like a reload does.
      await liveDelivers(page, `${name}-after`);
      assert.equal(state.liveError, undefined);
      assert.deepEqual(await rows(page), NODE_NAMES);
      const session = await page.evaluate<{ via: string }>('window.client.session');
      assert.equal(session.via, 'resume', `resumed the parked connection (restored from the cache: ${restored})`);
      assert.equal(tb.bridge.metrics().parks.resumed, 1);
      assertNoCredentialsSince(tb, mark);
      await page.close();
    });

    test(`${name}: offline: no reconnect attempts while the network is gone; online: reconnects, the live query comes back`, async () => {
      const { tb, page } = await open({ reconnectInitialMs: '100' });
      const mark = tb.tap.mark();
      await page.evaluate("dispatchEvent(new Event('offline'))");
      const upstreams = tb.tap.connections;
      tb.tap.dropAll();
      await waitForValue(page, 'window.page.reconnecting.length >= 1', 10_000);
      // With a 100 ms backoff, several attempts would be made in this time if the loop kept trying.
      await sleep(1500);
      assert.equal(tb.tap.connections, upstreams, 'no new upstream connection while offline');
      assert.equal((await lifecycle(page)).reconnecting.length, 1, 'one wait announced, no attempt made');
      await page.evaluate("dispatchEvent(new Event('online'))");
      await waitForValue(page, 'window.page.reattached >= 1', 20_000).catch(async (e) => {
        throw new Error(`${e.message}; page: ${JSON.stringify(await lifecycle(page))}`);
      });
      await liveDelivers(page, `${name}-online`);
      assert.deepEqual(await rows(page), NODE_NAMES);
      assertNoCredentialsSince(tb, mark);
      await page.close();
    });

    test(`${name}: online ends a long backoff at once`, async () => {
      // Backoff delays of 60-120 s: only the online event can bring the session back within the wait below.
      const { tb, page } = await open({ reconnectInitialMs: '120000' });
      const mark = tb.tap.mark();
      await page.evaluate("dispatchEvent(new Event('offline'))");
      tb.tap.dropAll();
      const waiting = await waitForValue<Array<{ delayMs: number }>>(
        page,
        'window.page.reconnecting.length >= 1 && window.page.reconnecting',
        10_000,
      );
      assert.ok(waiting[0]!.delayMs >= 60_000, 'the loop means to wait a minute or more');
      await page.evaluate("dispatchEvent(new Event('online'))");
      await waitForValue(page, 'window.page.reattached >= 1', 20_000);
      assert.deepEqual(await rows(page), NODE_NAMES);
      assertNoCredentialsSince(tb, mark);
      await page.close();
    });
  });
}
