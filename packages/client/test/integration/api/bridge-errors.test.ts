// The client against real bridges in front of the real server: named upstreams, the access token,
// and the bridge's refusals surfacing as typed errors (an unknown upstream looks unreachable:
// ConnectionRefusedError 4502, as does an unreachable one; wrong access token → ConnectionRefusedError).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, freePort, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { startBridge, type Bridge } from '../../../../bridge/src/index.js';
import { ConnectionRefusedError, OrientDB } from '../../../src/index.js';
import { WS } from './helpers/env.js';

let server: ServerInfo;
let db: TestDatabase;
const bridges: Bridge[] = [];
const clients: OrientDB[] = [];

async function bridge(options: Omit<Parameters<typeof startBridge>[0], 'listen'>): Promise<Bridge> {
  const b = await startBridge({
    listen: '127.0.0.1:0',
    allowMissingOrigin: true,
    logLevel: 'error',
    ...options,
  } as Parameters<typeof startBridge>[0]);
  bridges.push(b);
  return b;
}
function client(url: string, extra: { upstream?: string; accessToken?: string } = {}): OrientDB {
  const c = new OrientDB({ url, WebSocket: WS, tokenStore: null, ...extra });
  clients.push(c);
  return c;
}

before(async () => {
  server = await sharedServer();
  db = await createTestDatabase(server);
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(bridges.map((b) => b.close()));
  await db.drop();
});

test('a named upstream is reached by its name; an unknown name is refused like an unreachable one (4502)', async () => {
  const b = await bridge({
    upstreams: [`other=127.0.0.1:${await freePort('127.0.0.1')}`, `main=${server.host}:${server.port}`],
  });
  const ok = client(b.url, { upstream: 'main' });
  await ok.dbOpen(db.name, db.user, db.password);
  assert.equal((await ok.query('SELECT 1 AS one'))[0]!.one, 1);
  const error = await client(b.url, { upstream: 'nope' })
    .dbOpen(db.name, db.user, db.password)
    .catch((e: unknown) => e);
  assert.ok(error instanceof ConnectionRefusedError, String(error));
  assert.match(error.message, /4502 upstream unreachable/);
});

test('an unreachable upstream fails with ConnectionRefusedError', async () => {
  const b = await bridge({ upstreams: [`127.0.0.1:${await freePort('127.0.0.1')}`] });
  const error = await client(b.url)
    .dbOpen(db.name, db.user, db.password)
    .catch((e: unknown) => e);
  assert.ok(error instanceof ConnectionRefusedError, String(error));
});

test('a bridge with an access token admits the client that has it and refuses one that does not', async () => {
  const b = await bridge({ upstreams: [`${server.host}:${server.port}`], accessToken: 'edge-secret-0123456789' });
  const ok = client(b.url, { accessToken: 'edge-secret-0123456789' });
  await ok.dbOpen(db.name, db.user, db.password);
  assert.equal((await ok.query('SELECT 2 AS two'))[0]!.two, 2);
  const wrong = await client(b.url, { accessToken: 'guess-guess-guess-guess' })
    .dbOpen(db.name, db.user, db.password)
    .catch((e: unknown) => e);
  assert.ok(wrong instanceof ConnectionRefusedError, String(wrong));
  const none = await client(b.url)
    .dbOpen(db.name, db.user, db.password)
    .catch((e: unknown) => e);
  assert.ok(none instanceof ConnectionRefusedError, String(none));
});
