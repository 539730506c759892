// An expired token on a private server (network.token.expireTimeout = 1 minute, a short channel clean
// delay): once the token's own expiry time has passed and the server has purged the session, calls fail
// with SessionExpiredError and the client forgets the session (keep-alive off, which would renew it).
// Both transports share the one wait.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { createTestDatabase, startOrientDB, type OrientDBServer, type TestDatabase } from '@orientdb-edge/testkit';
import { OrientDB, SessionExpiredError } from '../../../src/index.js';
import { decodeSessionHandle } from '../../../src/api/session-token.js';
import { tokenExpiresAt } from '../../../src/codec/token-payload.js';
import { TRANSPORTS, clientOptions, closeBridges, type TransportKind } from './helpers/env.js';

const CLEAN_DELAY_MS = 500;

let server: OrientDBServer;
let db: TestDatabase;
before(async () => {
  server = await startOrientDB({ tokenExpireMinutes: 1, cleanDelayMs: CLEAN_DELAY_MS });
  db = await createTestDatabase(server);
});
after(async () => {
  await closeBridges();
  await server.stop();
});

test('after the token expires, every transport gets SessionExpiredError and the session is forgotten', async () => {
  const clients = new Map<TransportKind, OrientDB>();
  for (const kind of TRANSPORTS) {
    const c = new OrientDB({ ...(await clientOptions(kind, server)), keepAlive: false });
    await c.dbOpen(db.name, db.user, db.password);
    clients.set(kind, c);
  }
  try {
    let expiresAt = 0;
    const tokens = new Map<TransportKind, string>();
    for (const [kind, c] of clients) {
      const token = c.getSessionToken();
      tokens.set(kind, token);
      const at = tokenExpiresAt(decodeSessionHandle(token).token);
      assert.ok(at !== undefined && at > Date.now() && at <= Date.now() + 61_000, 'a one-minute token');
      expiresAt = Math.max(expiresAt, at);
      assert.equal((await c.query('SELECT 1 AS one'))[0]!.one, 1);
    }
    await delay(expiresAt - Date.now() + 2 * CLEAN_DELAY_MS + 500);
    for (const [kind, c] of clients) {
      const error = await c.query('SELECT 1 AS one').catch((e: unknown) => e);
      assert.ok(error instanceof SessionExpiredError, `${kind}: ${String(error)}`);
      assert.equal(c.getSessionToken(), '', `${kind}: the expired session is forgotten`);
      await assert.rejects(c.query('SELECT 1'), SessionExpiredError);
      const late = new OrientDB(await clientOptions(kind, server));
      late.setSessionToken(tokens.get(kind)!);
      await assert.rejects(late.query('SELECT 1'), SessionExpiredError, `${kind}: the expired token does not reattach`);
      await late.close();
      await c.dbOpen(db.name, db.user, db.password);
      assert.equal((await c.query('SELECT 2 AS two'))[0]!.two, 2, `${kind}: a new login works`);
    }
  } finally {
    for (const c of clients.values()) await c.close();
  }
});
