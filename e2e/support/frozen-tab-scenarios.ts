// Frozen or hidden tabs, written once against the engine interface and registered per engine
// (frozen-tab-chromium/-firefox.test.ts). A page logs in, then is hidden with its timers suspended
// (Chromium freezes it, Firefox suspends it: see engines/) past its token's renewal point or past its
// expiry, its connection kept or cut at the tap meanwhile. The next call after it comes back must take
// the right route, or end in SessionExpiredError and the login path; the wire (the tap between the bridge
// and OrientDB) must show that the page sent nothing while suspended, that an expired token crossed at
// most once, and that no password crossed where the route needs none. Two private servers issue one-minute
// tokens (OrientDB sets the lifetime in whole minutes and renews from half of it: the shortest there is).
// Their clean-up (server.channel.cleanDelay) runs every 60 s on one, every second on the other: it drops
// the sessions of closed sockets, and sessions whose token expired, open socket or not (measured: until it
// runs, a session's own connection is served with its expired token, which the server does not check
// again). The page's reattach margin is 5 s, scaled down with the tokens (30 s is for hour-long tokens).
import { after, before, describe, type TestContext, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  describeServer,
  type OrientDBServer,
  type ServerInfo,
  startOrientDB,
  type TestDatabase,
} from '@orientdb-edge/testkit';
import { decodeSessionHandle } from '../../packages/client/src/api/session-token.js';
import { type Engine, type EnginePage, waitForValue } from './engines/engine.js';
import { launchEngine } from './engines/launch.js';
import { serveStatic, type StaticServer } from './static-server.js';
import { NODE_NAMES, nodesDatabase } from './fixtures.js';
import { credentialRequests, occurrences, tokenRequests } from './tap-proxy.js';
import { secretUser, tappedBridge, type TappedBridge } from './reload.js';

const MARGIN_MS = 5000;
/** The Java class of OrientDB's answer when it refuses a session's token. */
const TOKEN_REFUSAL = Buffer.from('OTokenSecurityException');
/**
 * Chromium closes a frozen page's WebSockets as the page is resumed (measured: the bridge sees 1001, the
 * page 1006), Firefox keeps them open across a suspension: after the renewal point the same connection
 * carries on in Firefox, a new one reopens the session (route 2) in Chromium.
 */
const KEEPS_SOCKET = { chromium: false, firefox: true };

interface Session {
  via: string;
  sessionId: number;
  expiresAt: number;
  renewals: number;
}
interface Tab {
  ready?: boolean;
  error?: string;
  first?: { names: string[]; session: Session; token: string };
  ticks: number[];
  events: Array<{ type: string; via?: string; error?: string }>;
}
interface NextCall {
  names?: string[];
  error?: string;
  expired?: string;
  keysAfterExpiry?: string[];
  loginPathRan: boolean;
  session?: Session;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** Chromium and Firefox only: WebKitWebDriver has no way to hide or freeze a page. */
export function frozenTabScenarios(name: keyof typeof KEEPS_SOCKET): void {
  let keeping: OrientDBServer;
  let cleaning: OrientDBServer;
  const dbs = new Map<OrientDBServer, { server: ServerInfo; db: TestDatabase }>();
  let web: StaticServer;
  let engine: Engine;
  const bridges: TappedBridge[] = [];
  before(async () => {
    [keeping, cleaning, engine, web] = await Promise.all([
      startOrientDB({ tokenExpireMinutes: 1, cleanDelayMs: 60_000 }),
      startOrientDB({ tokenExpireMinutes: 1, cleanDelayMs: 1000 }),
      launchEngine(name, { suspendable: true }),
      serveStatic(),
    ]);
    for (const s of [keeping, cleaning]) {
      const server = describeServer(s);
      dbs.set(s, { server, db: await secretUser(server, await nodesDatabase(server)) });
    }
  });
  after(async () => {
    try {
      await engine?.close();
    } finally {
      for (const b of bridges) await b.close();
      await web?.close();
      await keeping?.stop();
      await cleaning?.stop();
    }
  });

  /** A page logged in to `on` through a tapped bridge of its own. */
  const open = async (on: OrientDBServer) => {
    const { server, db } = dbs.get(on)!;
    const tb = await tappedBridge(server, web.origin);
    bridges.push(tb);
    const page = await engine.newPage();
    const q = new URLSearchParams({
      bridge: tb.url,
      db: db.name,
      user: db.user,
      password: db.password,
      reattachMarginMs: String(MARGIN_MS),
    });
    await page.goto(`${web.origin}/frozen-tab.html?${q}`);
    const tab = await waitForValue<Tab>(page, 'window.tab.ready && window.tab');
    assert.equal(tab.error, undefined);
    assert.deepEqual(tab.first?.names, NODE_NAMES);
    return { tb, page, first: tab.first!, password: db.password };
  };

  /**
   * Suspends `page` until `untilMs` (a real wait: the server's clock has to pass the token's renewal
   * point or its expiry), running `meanwhile` once it is suspended, then resumes it. Returns the tap's
   * marks (of `sent` and of `log`) from the moment the page was suspended: everything after them crossed
   * once the page was back.
   */
  const suspendUntil = async (page: EnginePage, tb: TappedBridge, untilMs: number, meanwhile?: () => void) => {
    await page.suspend();
    const from = Date.now();
    const mark = tb.tap.mark();
    const logMark = tb.tap.log.length;
    meanwhile?.();
    await sleep(untilMs - Date.now());
    assert.equal(tb.tap.mark(), mark, 'the page sent nothing while suspended (its keep-alive did not run)');
    const to = Date.now();
    await page.resume();
    const ticks = await page.evaluate<number[]>('window.tab.ticks');
    // A second of slack for a tick already queued as the page was hidden.
    const late = ticks.filter((t) => t > from + 1000 && t < to);
    assert.deepEqual(late, [], `the page's timers did not run while it was suspended (${to - from} ms)`);
    await waitForValue(page, `window.tab.ticks.some((t) => t > ${to})`, 10_000);
    return { mark, logMark };
  };

  /**
   * On every connection where OrientDB refused the session (an OTokenSecurityException answer), no request
   * carried `token` twice: the probe, the zone's question and the call pipelined behind it went once, and
   * nothing was sent again with the refused token. (Counted per request, not by order: the tap's two
   * directions are not ordered, so a request written before the refusal was read may cross after it.)
   * Returns how many connections refused it.
   */
  const assertNotSentAfterRefusal = (tb: TappedBridge, logMark: number, token: string) => {
    const bytes = decodeSessionHandle(token).token;
    const chunks = tb.tap.log.slice(logMark);
    const refusedOn = new Set(
      chunks.filter((c) => c.from === 'server' && c.bytes.includes(TOKEN_REFUSAL)).map((c) => c.connection),
    );
    for (const connection of refusedOn) {
      const sent = Buffer.concat(
        chunks.filter((c) => c.from === 'client' && c.connection === connection).map((c) => c.bytes),
      );
      const opcodes = tokenRequests(sent, bytes);
      assert.equal(
        new Set(opcodes).size,
        opcodes.length,
        `the token sent again on connection ${connection} after its refusal (requests by opcode: ${opcodes})`,
      );
    }
    return refusedOn.size;
  };

  const next = async (page: EnginePage) => {
    const out = await page.evaluate<NextCall>('window.next()');
    if (out.error) {
      const tab = await page.evaluate<Tab>('window.tab');
      throw new Error(`${out.error}; client events: ${JSON.stringify(tab.events)}`);
    }
    return out;
  };
  const assertNoCredentialsSince = (tb: TappedBridge, mark: number, password: string) => {
    for (const bytes of tb.tap.sentSince(mark)) {
      assert.deepEqual(credentialRequests(bytes), [], 'no DB_OPEN or CONNECT');
      assert.equal(bytes.indexOf(Buffer.from(password)), -1, 'never the password');
    }
  };
  /** After an expiry: the expired token crossed at most once, and the only credentials are the login path's. */
  const assertExpiredOnce = (t: TestContext, tb: TappedBridge, mark: number, token: string) => {
    const stale = decodeSessionHandle(token).token;
    const sent = tb.tap.sentSince(mark);
    const times = sent.reduce((n, bytes) => n + occurrences(bytes, stale), 0);
    t.diagnostic(`the expired token crossed the wire ${times} times after the page came back`);
    assert.ok(times <= 1, `the expired token crossed the wire ${times} times after the page came back`);
    const opens = sent.flatMap((bytes) => credentialRequests(bytes));
    assert.equal(opens.length, 1, `one DB_OPEN, the login path's: ${opens.join(', ')}`);
  };
  const assertLoggedInAgain = (out: NextCall, tb: TappedBridge, first: { session: Session }) => {
    assert.match(out.expired ?? '', /ERR_SESSION_EXPIRED/, `the next call: ${JSON.stringify(out)}`);
    const ours = (out.keysAfterExpiry ?? []).filter((k) => k.includes(encodeURIComponent(tb.url)));
    assert.deepEqual(ours, [], 'the expired session is removed from the store');
    assert.equal(out.loginPathRan, true);
    assert.deepEqual(out.names, NODE_NAMES);
    assert.equal(out.session?.via, 'login');
    assert.notEqual(out.session?.sessionId, first.session.sessionId, 'a new session');
  };

  describe(`${name}: frozen or hidden tabs`, { concurrency: true }, () => {
    const sameConnection = KEEPS_SOCKET[name];
    test(`${name}: suspended past the renewal point: the next call goes on ${sameConnection ? 'the same connection' : 'the session reopened on a new connection'} and the server renews the token`, async () => {
      const { tb, page, first, password } = await open(keeping);
      const connections = tb.tap.connections;
      const { mark, logMark } = await suspendUntil(page, tb, first.session.expiresAt - 20_000);
      const out = await next(page);
      assert.deepEqual(out.names, NODE_NAMES);
      assert.equal(out.loginPathRan, false);
      assert.equal(assertNotSentAfterRefusal(tb, logMark, first.token), 0, 'nothing refused');
      if (sameConnection) {
        assert.equal(out.session?.via, 'login', 'no reattach: the session never left its connection');
        assert.equal(tb.tap.connections, connections, 'no new upstream connection');
      } else {
        // The call may be answered before the background reattach reports its route.
        const reattached = await waitForValue<{ via: string }>(
          page,
          "window.tab.events.find((e) => e.type === 'reattached')",
          10_000,
        );
        assert.equal(reattached.via, 'session', 'the old session id and token on a new connection');
        assert.equal(tb.tap.connections, connections + 1, 'one new upstream connection');
      }
      assert.equal(out.session?.sessionId, first.session.sessionId, 'the same server session');
      assert.ok(out.session!.expiresAt > first.session.expiresAt, 'the server renewed the token');
      assertNoCredentialsSince(tb, mark, password);
      await page.close();
    });

    test(`${name}: suspended past expiry, connection left open: SessionExpiredError, the store cleared, the login path`, async (t) => {
      const { tb, page, first } = await open(cleaning);
      const { mark, logMark } = await suspendUntil(page, tb, first.session.expiresAt + 2000);
      const out = await next(page);
      assertLoggedInAgain(out, tb, first);
      assertExpiredOnce(t, tb, mark, first.token);
      assertNotSentAfterRefusal(tb, logMark, first.token);
      await page.close();
    });

    test(`${name}: suspended past the renewal point, connection cut and the server's session cleaned up meanwhile: token-only requests, no credentials`, async () => {
      const { tb, page, first, password } = await open(cleaning);
      const { mark, logMark } = await suspendUntil(page, tb, first.session.expiresAt - 20_000, () => tb.tap.dropAll());
      const out = await next(page);
      assert.deepEqual(out.names, NODE_NAMES);
      assert.equal(out.loginPathRan, false, 'the token is still valid: no login');
      assert.equal(out.session?.via, 'stateless', "the connection and the server's session are gone: token-only");
      const refused = assertNotSentAfterRefusal(tb, logMark, first.token);
      assert.equal(refused, 1, 'the session route was tried once, on one connection, and given up');
      assertNoCredentialsSince(tb, mark, password);
      await page.close();
    });

    test(`${name}: suspended past expiry, connection cut meanwhile: SessionExpiredError, the store cleared, the login path`, async (t) => {
      const { tb, page, first } = await open(cleaning);
      const { mark, logMark } = await suspendUntil(page, tb, first.session.expiresAt + 2000, () => tb.tap.dropAll());
      const out = await next(page);
      assertLoggedInAgain(out, tb, first);
      assertExpiredOnce(t, tb, mark, first.token);
      assertNotSentAfterRefusal(tb, logMark, first.token);
      await page.close();
    });
  });
}
