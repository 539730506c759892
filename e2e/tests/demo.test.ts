// The demo (tinkerhome) in Debian's Chromium: log in once, the zone's devices arrive by a live query,
// a toggle comes back as a live event, and after a reload the page carries on without the password
// (no DB_OPEN or CONNECT on the wire). Screenshots before and after the reload in e2e/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { freePort, repoRoot, type ServerInfo } from '@orientdb-edge/testkit';
import { launchChromium, type BrowserSession } from '../support/browser.js';
import { serveStatic, type StaticServer } from '../support/static-server.js';
import { sharedServer } from '../support/fixtures.js';
import { credentialRequests } from '../support/tap-proxy.js';
import { tappedBridge, type TappedBridge } from '../support/reload.js';
import { DEMO_PASSWORD, ensureTinkerhome } from '../demo/tinkerhome.js';

const SHOTS = join(repoRoot, 'e2e', 'screenshots');
let server: ServerInfo;
let web: StaticServer;
let tb: TappedBridge;
let browser: BrowserSession;
before(async () => {
  server = await sharedServer();
  await ensureTinkerhome(server);
  // The page learns its bridge from /config.json; the web server's port must be known before the bridge's Origin list.
  const origin = `http://127.0.0.1:${await freePort('127.0.0.1')}`;
  tb = await tappedBridge(server, origin);
  web = await serveStatic(
    { '/dist/': 'packages/client/dist', '/': 'e2e/demo/page' },
    '127.0.0.1',
    Number(new URL(origin).port),
    { '/config.json': { bridge: tb.url } },
  );
  browser = await launchChromium();
  mkdirSync(SHOTS, { recursive: true });
});
after(async () => {
  await browser?.close();
  await tb?.close();
  await web?.close();
});

interface Demo {
  phase: string;
  via: string | null;
  zone: string;
  devices: Array<{ rid: string; name: string; status: string }>;
  events: number;
  error: string | null;
}
const demo = (page: Page) => page.evaluate(() => (window as unknown as { demo: Demo }).demo);
const waitDemo = (page: Page, fn: string) =>
  page.waitForFunction(`(() => { const d = window.demo; return d && (${fn}); })()`, undefined, { timeout: 30_000 });

test('tinkerhome: log in once, live list, toggle, reload without the password', async () => {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1100, height: 700 });
  // A crafted link naming another bridge: the page must ignore it and use the one its server names.
  const decoy = 'ws://127.0.0.1:9/';
  await page.goto(`${web.origin}/?bridge=${encodeURIComponent(decoy)}`);
  await waitDemo(page, "d.phase === 'login' || d.phase === 'ready'");
  assert.equal((await demo(page)).phase, 'login', 'a fresh profile asks for the password');
  await page.fill('input[name=password]', DEMO_PASSWORD);
  await page.click('#login-form button[type=submit]');
  await waitDemo(page, "d.phase === 'ready' && d.devices.length > 0");
  const ready = await demo(page);
  assert.equal(
    await page.evaluate(() => (window as unknown as { client: { endpoint: string } }).client.endpoint),
    new URL(tb.url).href,
  );
  // The page's user has the demo's least-privilege role: no reading password hashes.
  const ouser = await page.evaluate(() =>
    (window as unknown as { client: { query(sql: string): Promise<unknown[]> } }).client
      .query('SELECT name, password FROM OUser')
      .then(
        (rows) => `read ${rows.length} rows`,
        (e: Error) => `${e.name}: ${e.message}`,
      ),
  );
  assert.match(ouser, /OSecurityAccessException|permission/, ouser);
  assert.equal(ready.zone, 'living-room');
  assert.deepEqual(
    ready.devices.map((d) => d.name),
    ['lamp', 'speaker', 'tv'],
  );

  const first = ready.devices[0]!;
  await page.click(`#devices li[data-rid="${first.rid}"] button`);
  await waitDemo(page, `d.events >= 1 && d.devices.find((x) => x.rid === '${first.rid}').status !== '${first.status}'`);
  const toggled = (await demo(page)).devices.find((d) => d.rid === first.rid)!.status;
  await page.waitForFunction(() => document.getElementById('s-via')?.textContent?.includes('password'));
  await page.screenshot({ path: join(SHOTS, 'demo-before-reload.png') });

  const mark = tb.tap.mark();
  await page.reload();
  await waitDemo(page, "d.phase === 'ready' && d.devices.length > 0");
  const after = await demo(page);
  assert.equal(after.via, 'resume', 'reattached through the parked connection');
  assert.equal(await page.isHidden('#login'), true, 'no password asked');
  assert.equal(after.devices.find((d) => d.rid === first.rid)!.status, toggled, 'the same data, with the toggle');
  for (const bytes of tb.tap.sentSince(mark))
    assert.deepEqual(credentialRequests(bytes), [], 'no DB_OPEN or CONNECT after the reload');
  await page.click(`#devices li[data-rid="${first.rid}"] button`);
  await waitDemo(page, `d.events >= 1 && d.devices.find((x) => x.rid === '${first.rid}').status !== '${toggled}'`);
  await page.waitForFunction(() =>
    document.getElementById('s-via')?.textContent?.includes('reattached without the password: resumed'),
  );
  await page.screenshot({ path: join(SHOTS, 'demo-after-reload.png') });
  await page.close();
});
