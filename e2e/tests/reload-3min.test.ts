// A reload after 3 minutes, past the server's session clean-up of a closed socket
// (server.channel.cleanDelay, 5 s); the long form of reload-now's reload after 10 s. Two pages wait
// together: one behind a bridge whose park grace (5 min) outlasts the wait, reattached by resuming;
// one behind a bridge with the default grace (2 min), whose parked connection is gone and the old
// session with it: reattached with token-only requests, or, with that route turned off, a clear
// SessionExpired.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerInfo, TestDatabase } from '@orientdb-edge/testkit';
import { launchChromium, type BrowserSession } from '../support/browser.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { NODE_NAMES, nodesDatabase, sharedServer } from '../support/fixtures.js';
import { credentialRequests } from '../support/tap-proxy.js';
import { load, pageUrl, secretUser, tappedBridge, type TappedBridge } from '../support/reload.js';

const WAIT_MS = 180_000;
let server: ServerInfo;
let owner: TestDatabase;
let db: TestDatabase;
let web: StaticServer;
let long: TappedBridge;
let short: TappedBridge;
let browser: BrowserSession;
before(async () => {
  server = await sharedServer();
  owner = await nodesDatabase(server);
  db = await secretUser(server, owner);
  web = await serveStatic();
  long = await tappedBridge(server, web.origin, { parkGraceMs: 300_000 });
  short = await tappedBridge(server, web.origin);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await long?.close();
  await short?.close();
  await web?.close();
  await owner?.drop();
});

test('reload after 3 minutes: resumed where the bridge still parks the connection, token-only where it does not', async () => {
  const pLong = await browser.context.newPage();
  const pShort = await browser.context.newPage();
  const [firstLong, firstShort] = await Promise.all([
    load(pLong, pageUrl(web.origin, long.url, db)),
    load(pShort, pageUrl(web.origin, short.url, db)),
  ]);
  assert.equal(firstLong.session?.via, 'login');
  assert.equal(firstShort.session?.via, 'login');
  await Promise.all([pLong.goto('about:blank'), pShort.goto('about:blank')]);
  const mark = long.tap.mark();
  const markShort = short.tap.mark();
  await new Promise((r) => setTimeout(r, WAIT_MS));

  const later = await load(pLong, pageUrl(web.origin, long.url));
  assert.equal(later.error, undefined);
  assert.deepEqual(later.names, NODE_NAMES);
  assert.equal(later.session?.via, 'resume');
  assert.equal(later.session?.sessionId, firstLong.session?.sessionId);
  for (const bytes of long.tap.sentSince(mark)) {
    assert.deepEqual(credentialRequests(bytes), []);
    assert.equal(bytes.indexOf(Buffer.from(db.password)), -1);
  }

  const tokenOnly = await load(pShort, pageUrl(web.origin, short.url));
  assert.equal(tokenOnly.error, undefined);
  assert.deepEqual(tokenOnly.names, NODE_NAMES);
  assert.equal(tokenOnly.session?.via, 'stateless', 'parked connection and old session gone: token-only requests');
  for (const bytes of short.tap.sentSince(markShort)) assert.deepEqual(credentialRequests(bytes), []);

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
});
