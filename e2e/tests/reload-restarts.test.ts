// Restarts around a page that logged in: the bridge restarted, then OrientDB restarted (same token
// secret), between two loads of the page; and the bridge restarted under an open page (a dropped
// WebSocket). The server is a private one, since the OrientDB restart test restarts it, and its
// `server.channel.cleanDelay` is raised to 60 s so that the old session outlives the bridge's
// downtime (with the 5 s default the old-session route is a race against the server's clean-up
// timer; see the README's table).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
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
import { credentialRequests } from '../support/tap-proxy.js';
import { load, pageUrl, secretUser, tappedBridge, type TappedBridge } from '../support/reload.js';

let server: OrientDBServer;
let owner: TestDatabase;
let db: TestDatabase;
let web: StaticServer;
let tb: TappedBridge;
let browser: BrowserSession;
before(async () => {
  server = await startOrientDB({ cleanDelayMs: 60_000 });
  owner = await createTestDatabase(describeServer(server), { storage: 'plocal' });
  await sqlOverHttp(
    describeServer(server),
    owner,
    ['CREATE CLASS Nodes EXTENDS V', ...NODE_NAMES.map((n) => `INSERT INTO Nodes SET name = '${n}'`)].join(';'),
  );
  db = await secretUser(describeServer(server), owner);
  web = await serveStatic();
  tb = await tappedBridge(server, web.origin);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await tb?.close();
  await web?.close();
  await server?.stop();
});

test('the bridge restarted between two loads: reattached with the old session id on a new connection, no credentials sent', async () => {
  const page = await browser.context.newPage();
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
  for (const bytes of tb.tap.sentSince(mark)) {
    assert.deepEqual(credentialRequests(bytes), []);
    assert.equal(bytes.indexOf(Buffer.from(db.password)), -1);
  }
  await page.close();
});

test('OrientDB restarted between two loads: reattached with token-only requests; without that route, a clear SessionExpired and the login path', async () => {
  const page = await browser.context.newPage();
  const first = await load(page, pageUrl(web.origin, tb.url, db));
  assert.deepEqual(first.names, NODE_NAMES);
  await page.goto('about:blank');
  await server.restart();
  const mark = tb.tap.mark();
  const second = await load(page, pageUrl(web.origin, tb.url));
  assert.equal(second.error, undefined);
  assert.deepEqual(second.names, NODE_NAMES);
  assert.equal(
    second.session?.via,
    'stateless',
    'the old session is gone; the token still opens the database per request',
  );
  for (const bytes of tb.tap.sentSince(mark)) {
    assert.deepEqual(credentialRequests(bytes), []);
    assert.equal(bytes.indexOf(Buffer.from(db.password)), -1);
  }
  const live = await page.evaluate(`client.live('SELECT FROM Nodes').then(() => 'subscribed', (e) => e.code)`);
  assert.equal(live, 'ERR_NOT_SUPPORTED', 'no live queries without a server-side session');

  const strict = await load(page, pageUrl(web.origin, tb.url, undefined, { routes: 'resume,session,reauthenticate' }));
  assert.match(strict.error ?? '', /ERR_SESSION_EXPIRED: .*missing session and token/);
  assert.deepEqual(strict.keysAfterExpiry, [], 'the stored entry is removed');
  const third = await load(page, pageUrl(web.origin, tb.url, db));
  assert.equal(third.loginPathRan, true);
  assert.deepEqual(third.names, NODE_NAMES);
  await page.close();
});

test('a dropped WebSocket while the page is open: reconnect with backoff, reattach, replay the read, the write in flight has an unknown outcome', async () => {
  const page = await browser.context.newPage();
  const first = await load(page, pageUrl(web.origin, tb.url, db));
  assert.deepEqual(first.names, NODE_NAMES);
  const mark = tb.tap.mark();
  // A string, not a function: the test's TypeScript helpers must not leak into the page.
  const inFlight = page.evaluate(`(async () => {
    const settle = (p) => p.then((v) => ({ ok: v }), (e) => ({ error: e.code }));
    const write = settle(client.batch("SLEEP 3000; UPDATE Nodes SET status = 'busy' WHERE name = 'fan'"));
    const read = settle(client.query('SELECT name FROM Nodes ORDER BY name').then((rows) => rows.map((r) => r.name)));
    const size = settle(client.dbSize().then(String));
    return { write: await write, read: await read, size: await size };
  })()`);
  // The script has reached OrientDB (its bytes passed the tap) before the bridge goes down.
  while (!tb.tap.sentSince(mark).some((bytes) => bytes.includes('SLEEP 3000')))
    await new Promise((r) => setTimeout(r, 20));
  await tb.restart();
  const outcome = (await inFlight) as {
    write: { error?: string };
    read: { ok?: string[]; error?: string };
    size: { ok?: string; error?: string };
  };
  assert.equal(outcome.write.error, 'ERR_OUTCOME_UNKNOWN', 'the write in flight: outcome unknown');
  assert.deepEqual(outcome.read.ok, NODE_NAMES, 'the read in flight is replayed once the session is back');
  assert.match(
    outcome.size.ok ?? String(outcome.size.error),
    /^\d+$/,
    'an idempotent admin request in flight is replayed too',
  );
  const state = (await page
    .waitForFunction(
      () => {
        const s = (window as unknown as { client: { session: { reconnects: number } | null } }).client.session;
        return s && s.reconnects >= 1 ? s : null;
      },
      undefined,
      { timeout: 20_000 },
    )
    .then((h) => h.jsonValue())) as { via: string; sessionId: number };
  assert.equal(state.via, 'session');
  assert.equal(state.sessionId, first.session?.sessionId, 'the same server session');
  for (const bytes of tb.tap.sentSince(mark)) assert.deepEqual(credentialRequests(bytes), []);
  await page.close();
});
