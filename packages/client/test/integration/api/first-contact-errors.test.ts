// The errors a new user meets first, against real bridges in front of the real server: each is typed,
// says what happened, names the endpoint and what to check; and a burst of 50 opens from one address
// at the bridge's default upgrade rate (20/s) all get through, by retrying the 429s within the deadline.
import { after, before, type TestContext, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, freePort, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { startBridge, type Bridge } from '../../../../bridge/src/index.js';
import {
  AuthenticationError,
  DatabaseNotFoundError,
  NoGreetingError,
  OrientDB,
  UpgradeRefusedError,
} from '../../../src/index.js';
import { tcp } from '../../../src/tcp.js';
import { WS } from './helpers/env.js';

let server: ServerInfo;
let db: TestDatabase;
const bridges: Bridge[] = [];
const clients: OrientDB[] = [];

async function bridge(options: Omit<Parameters<typeof startBridge>[0], 'listen' | 'upstreams'>): Promise<Bridge> {
  const b = await startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`${server.host}:${server.port}`],
    logLevel: 'error',
    ...options,
  } as Parameters<typeof startBridge>[0]);
  bridges.push(b);
  return b;
}
function client(url: string, extra: { accessToken?: string } = {}): OrientDB {
  const c = new OrientDB({ url, WebSocket: WS, tokenStore: null, ...extra });
  clients.push(c);
  return c;
}
/** The call's error; its name and message, as a user sees them, go to the test's output. */
const failure = (t: TestContext, p: Promise<unknown>) =>
  p.then(
    () => assert.fail('expected a failure'),
    (e: unknown) => {
      t.diagnostic(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      return e;
    },
  );

before(async () => {
  server = await sharedServer();
  db = await createTestDatabase(server);
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(bridges.map((b) => b.close()));
  await db.drop();
});

test('Origin refused: 403, named, with the flag to pass; not retried', async (t) => {
  const b = await bridge({ allowOrigins: ['https://app.example'] });
  const e = await failure(t, client(b.url).dbOpen(db.name, db.user, db.password));
  assert.ok(e instanceof UpgradeRefusedError, String(e));
  assert.equal(e.status, 403);
  assert.equal(e.code, 'ERR_UPGRADE_REFUSED');
  assert.equal(e.retryable, false);
  assert.ok(e.message.includes(b.url.replace(/\/?$/, '')), e.message);
  assert.match(e.message, /--allow-missing-origin/);
});

test('access token missing or wrong: 401, says which option to check', async (t) => {
  const b = await bridge({ allowMissingOrigin: true, accessToken: 'edge-secret-0123456789' });
  const e = await failure(
    t,
    client(b.url, { accessToken: 'wrong-wrong-wrong-wrong' }).dbOpen(db.name, db.user, db.password),
  );
  assert.ok(e instanceof UpgradeRefusedError, String(e));
  assert.equal(e.status, 401);
  assert.match(e.message, /access token is missing or wrong.*--access-token/);
});

test('bridge down: cannot reach, names the URL', async (t) => {
  const url = `ws://127.0.0.1:${await freePort('127.0.0.1')}/`;
  const e = await failure(t, client(url).dbOpen(db.name, db.user, db.password));
  assert.ok(e instanceof UpgradeRefusedError, String(e));
  assert.equal(e.status, undefined);
  assert.match(e.message, /cannot reach the bridge at ws:\/\/127\.0\.0\.1:\d+\/ .*is the bridge running/);
});

test("a URL that is not a bridge (OrientDB's HTTP port): the status it answered and 'is this the bridge's URL?'", async (t) => {
  const url = `ws://${server.host}:${server.httpPort}/`;
  const e = await failure(t, client(url).dbOpen(db.name, db.user, db.password));
  assert.ok(e instanceof UpgradeRefusedError, String(e));
  assert.ok(e.status !== undefined && e.status !== 101, String(e.status));
  assert.match(e.message, /answered HTTP \d{3}|refused the upgrade \(\d{3}\)/);
});

test("TCP to OrientDB's HTTP port: NoGreetingError naming host:port and the binary port", async (t) => {
  const c = new OrientDB({
    transport: tcp({ host: server.host, port: server.httpPort }),
    tokenStore: null,
    greetingTimeoutMs: 300,
  });
  clients.push(c);
  const e = await failure(t, c.dbOpen(db.name, db.user, db.password));
  assert.ok(e instanceof NoGreetingError, String(e));
  assert.equal(e.code, 'ERR_NO_GREETING');
  assert.match(
    e.message,
    new RegExp(`no OrientDB greeting from ${server.host}:${server.httpPort}.*binary port \\(2424\\)`),
  );
});

test('wrong password and unknown database: their own classes and codes, the server text kept aside, no server path', async (t) => {
  const c = new OrientDB({ transport: tcp({ host: server.host, port: server.port }), tokenStore: null });
  clients.push(c);
  const wrong = await failure(t, c.dbOpen(db.name, db.user, 'not-the-password'));
  assert.ok(wrong instanceof AuthenticationError, String(wrong));
  assert.equal(wrong.code, 'ERR_AUTH');
  assert.match(wrong.javaClass, /OSecurityAccessException/);
  assert.match(wrong.serverMessage, /User or password not valid/);
  assert.match(
    wrong.message,
    new RegExp(`${server.host}:${server.port}.*'${db.user}'.*'${db.name}'.*wrong user or password`),
  );
  const name = `no_such_db_${Date.now()}`;
  const missing = await failure(t, c.dbOpen(name, 'admin', 'admin'));
  assert.ok(missing instanceof DatabaseNotFoundError, String(missing));
  assert.equal(missing.code, 'ERR_DATABASE_NOT_FOUND');
  assert.equal(missing.database, name);
  assert.match(missing.javaClass, /OStorageDoesNotExistException/);
  assert.ok(!missing.message.includes('/'), missing.message);
  assert.match(missing.message, new RegExp(`has no database '${name}'`));
});

test('a burst of 50 opens from one address at the default upgrade rate all get through', async () => {
  const b = await bridge({ allowMissingOrigin: true });
  const burst = Array.from({ length: 50 }, () => client(b.url));
  const results = await Promise.allSettled(burst.map((c) => c.dbOpen(db.name, db.user, db.password)));
  const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
  assert.deepEqual(failed, []);
});
