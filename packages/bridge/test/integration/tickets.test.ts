// Short-lived tickets on the upgrade, through a real bridge to the real OrientDB: a client whose ticket
// provider mints a fresh one per connect opens a database and, after the bridge drops it, reconnects
// with a new ticket; a stolen ticket is refused once expired, or from another Origin, with 401.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket, type ClientOptions } from 'ws';
import { createTestDatabase, sharedServer } from '@orientdb-edge/testkit';
import { OrientDB } from '@orientdb-edge/client';
import type { WebSocketConstructor } from '../../../client/src/transport/websocket.js';
import { mintTicket } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { testBridge } from '../support/test-bridge.js';
import { until } from '../support/wait.js';

const SECRET = 'test-ticket-secret-0123456789abcdef';
const ORIGIN = 'https://app.example';

/** The ws package's WebSocket sending the page's Origin, as a browser on ORIGIN would. */
class PageWebSocket extends WebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { origin: ORIGIN } satisfies ClientOptions);
  }
}

const withTicket = (url: string, ticket: string) => `${url}/?ticket=${ticket}`;
const status = (err: unknown) => (err as { status?: number }).status;

test('a ticket provider is asked on every connect; the client reconnects with a fresh ticket', async () => {
  const server = await sharedServer();
  const db = await createTestDatabase(server);
  const bridge = await testBridge(server, {
    allowMissingOrigin: false,
    allowOrigins: [ORIGIN],
    ticketSecret: SECRET,
    idleTimeoutMs: 400,
  });
  const minted: string[] = [];
  // What the page would fetch from its own server (which checked the user's cookie).
  const ticket = async () => {
    const t = mintTicket({ secret: SECRET, user: 'alice', origin: ORIGIN, ttlMs: 60_000 });
    minted.push(t);
    return t;
  };
  const client = new OrientDB({
    url: bridge.url,
    WebSocket: PageWebSocket as unknown as WebSocketConstructor,
    ticket,
    tokenStore: null,
  });
  try {
    await client.dbOpen(db.name, db.user, db.password);
    assert.equal((await client.query('SELECT 1 AS one'))[0]!.one, 1);
    assert.equal(minted.length, 1);
    await until(() => bridge.metrics().closes.idle_timeout >= 1, 'the bridge to drop the idle connection');
    assert.equal((await client.query('SELECT 2 AS two'))[0]!.two, 2);
    assert.ok(minted.length >= 2, 'a fresh ticket for the reconnect');
    assert.equal(new Set(minted).size, minted.length);
    assert.equal(bridge.metrics().refusedUpgrades.ticket, 0);
    assert.ok(bridge.metrics().connectionsTotal >= 2);
  } finally {
    await client.close();
    await bridge.close();
  }
});

test('a stolen ticket: refused with 401 once expired, or from another Origin, or without one', async () => {
  const server = await sharedServer();
  const bridge = await testBridge(server, {
    allowMissingOrigin: false,
    allowOrigins: [ORIGIN, 'https://other.example'],
    ticketSecret: SECRET,
  });
  try {
    const now = Date.now();
    const fresh = mintTicket({ secret: SECRET, user: 'alice', origin: ORIGIN, ttlMs: 60_000 });
    const c = await RawClient.open(withTicket(bridge.url, fresh), { origin: ORIGIN });
    await c.close(1000);
    // Minted two minutes ago with a one-minute lifetime: what a ticket copied from a page's log would be.
    const expired = mintTicket({ secret: SECRET, user: 'alice', origin: ORIGIN, ttlMs: 60_000, now: now - 120_000 });
    await assert.rejects(RawClient.open(withTicket(bridge.url, expired), { origin: ORIGIN }), (e) => status(e) === 401);
    await assert.rejects(
      RawClient.open(withTicket(bridge.url, fresh), { origin: 'https://other.example' }),
      (e) => status(e) === 401,
    );
    await assert.rejects(RawClient.open(bridge.url, { origin: ORIGIN }), (e) => status(e) === 401);
    const forged = mintTicket({ secret: `${SECRET}-guess`, user: 'admin', origin: ORIGIN, ttlMs: 60_000 });
    await assert.rejects(RawClient.open(withTicket(bridge.url, forged), { origin: ORIGIN }), (e) => status(e) === 401);
    assert.equal(bridge.metrics().refusedUpgrades.ticket, 4);
  } finally {
    await bridge.close();
  }
});

test('with an access token as well, either one admits', async () => {
  const server = await sharedServer();
  const accessToken = 'service-access-token-1234';
  const bridge = await testBridge(server, { allowOrigins: [ORIGIN], ticketSecret: SECRET, accessToken });
  try {
    const service = await RawClient.open(`${bridge.url}/?access_token=${accessToken}`);
    await service.close(1000);
    const page = await RawClient.open(
      withTicket(bridge.url, mintTicket({ secret: SECRET, user: 'alice', origin: ORIGIN })),
      { origin: ORIGIN },
    );
    await page.close(1000);
    await assert.rejects(RawClient.open(`${bridge.url}/?access_token=wrong-token-0000000`), (e) => status(e) === 401);
  } finally {
    await bridge.close();
  }
});
