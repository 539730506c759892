// A page reload in Debian's Chromium, through the bridge to the real server: a page that logged in
// once reloads and carries on in the same session with no credentials on the wire, at once and
// after 10 s.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ServerInfo, TestDatabase } from '@orientdb-edge/testkit';
import { launchChromium, type BrowserSession } from '../support/browser.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { NODE_NAMES, nodesDatabase, sharedServer } from '../support/fixtures.js';
import { credentialRequests } from '../support/tap-proxy.js';
import { load, pageUrl, result, secretUser, tappedBridge, type TappedBridge } from '../support/reload.js';

let server: ServerInfo;
let owner: TestDatabase;
let db: TestDatabase;
let web: StaticServer;
let tb: TappedBridge;
let browser: BrowserSession;
before(async () => {
  server = await sharedServer();
  owner = await nodesDatabase(server);
  db = await secretUser(server, owner);
  web = await serveStatic();
  tb = await tappedBridge(server, web.origin);
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await tb?.close();
  await web?.close();
  await owner?.drop();
});

/** What the client sent after `mark`: no DB_OPEN/CONNECT and no password bytes. */
function assertNoCredentialsSince(mark: number): void {
  const sent = tb.tap.sentSince(mark);
  for (const bytes of sent) {
    assert.deepEqual(credentialRequests(bytes), [], 'no DB_OPEN or CONNECT after the reload');
    assert.equal(bytes.indexOf(Buffer.from(db.password)), -1, 'the password never crosses the wire after the reload');
  }
}

test('open, query, reload at once: reattached by resuming the parked connection, same rows, no credentials sent', async () => {
  const page = await browser.context.newPage();
  const first = await load(page, pageUrl(web.origin, tb.url, db));
  assert.equal(first.error, undefined);
  assert.equal(first.loginPathRan, true);
  assert.deepEqual(first.names, NODE_NAMES);
  assert.equal(first.session?.via, 'login');
  assert.equal(first.storedKeys.length, 2, 'one session entry and the endpoint index');
  const stored = await page.evaluate(() =>
    Object.entries(localStorage)
      .filter(([k]) => k.startsWith('orientdb-edge:s|'))
      .map(([, v]) => v)
      .join(),
  );
  assert.doesNotMatch(stored, new RegExp(db.password), 'the password is never stored');

  const mark = tb.tap.mark();
  const connectionsBefore = tb.tap.connections;
  const second = await load(page, pageUrl(web.origin, tb.url));
  assert.equal(second.error, undefined);
  assert.equal(second.loginPathRan, false);
  assert.deepEqual(second.names, NODE_NAMES);
  assert.equal(
    second.session?.via,
    'resume',
    `bridge parks: ${JSON.stringify(tb.bridge.metrics().parks)} closes: ${JSON.stringify(tb.bridge.metrics().closes)}`,
  );
  assert.equal(second.session?.sessionId, first.session?.sessionId, 'the same server session');
  assert.equal(tb.tap.connections, connectionsBefore, 'no new upstream connection: the parked one was resumed');
  assertNoCredentialsSince(mark);

  await page.reload();
  const third = await result(page);
  assert.deepEqual(third.names, NODE_NAMES);
  assert.equal(third.session?.via, 'resume');
  assertNoCredentialsSince(mark);
  await page.close();
});

test('reload after 10 s: reattached, no credentials sent', async () => {
  const page = await browser.context.newPage();
  await load(page, pageUrl(web.origin, tb.url, db));
  const mark = tb.tap.mark();
  await page.goto('about:blank');
  await new Promise((r) => setTimeout(r, 10_000));
  const later = await load(page, pageUrl(web.origin, tb.url));
  assert.equal(later.error, undefined);
  assert.deepEqual(later.names, NODE_NAMES);
  assert.equal(later.session?.via, 'resume');
  assertNoCredentialsSince(mark);
  await page.close();
});
