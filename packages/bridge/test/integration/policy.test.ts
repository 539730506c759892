// The gateway's policy against the real OrientDB through a real bridge, seen by the real client:
// server operations refused by default and allowed when opted in, the database allowlist (DB_OPEN and a
// token's payload on the stateless route), read-only mode, a refusal failing exactly its own call while
// the connection carries on, failed-login throttling with its log lines, and an unreadable request.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createTestDatabase, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { OrientDB, PolicyError, ServerError } from '@orientdb-edge/client';
import { REQUEST_HANDSHAKE } from '@orientdb-edge/client/protocol';
import type { WebSocketConstructor } from '../../../client/src/transport/websocket.js';
import { type Bridge, type BridgeOptions, type LogRecord, startBridge } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { HANDSHAKE_ARGS, requestBytes } from '../support/requests.js';

const WS = WebSocket as unknown as WebSocketConstructor;
let server: ServerInfo;
let db: TestDatabase;
let other: TestDatabase;
const bridges: Bridge[] = [];
const clients: OrientDB[] = [];

async function bridge(extra: Partial<BridgeOptions> = {}): Promise<{ bridge: Bridge; logs: LogRecord[] }> {
  const logs: LogRecord[] = [];
  const b = await startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`${server.host}:${server.port}`],
    allowMissingOrigin: true,
    upgradeRatePerSecond: 0,
    logLevel: 'info',
    logger: (r) => logs.push(r),
    ...extra,
  });
  bridges.push(b);
  return { bridge: b, logs };
}
function client(url: string, extra: Record<string, unknown> = {}): OrientDB {
  const c = new OrientDB({ url, WebSocket: WS, tokenStore: null, ...extra });
  clients.push(c);
  return c;
}
const CLASS_NAMED = 'SELECT FROM (SELECT expand(classes) FROM metadata:schema) WHERE name = :name';
const failure = (p: Promise<unknown>) =>
  p.then(
    (v) => assert.fail(`expected a failure, got ${JSON.stringify(v)}`),
    (e: unknown) => e,
  );

before(async () => {
  server = await sharedServer();
  [db, other] = await Promise.all([createTestDatabase(server), createTestDatabase(server)]);
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all(bridges.map((b) => b.close()));
  await Promise.all([db.drop(), other.drop()]);
});

test('server operations are refused by default with PolicyError and nothing reaches OrientDB; allowServerOps lets them through', async () => {
  const { bridge: strict, logs } = await bridge();
  const error = await failure(client(strict.url).connect('root', server.rootPassword));
  assert.ok(error instanceof PolicyError, String(error));
  assert.equal(error.code, 'ERR_POLICY');
  assert.equal(error.policyCode, 'server_operation');
  assert.match(error.message, /REQUEST_CONNECT/);
  assert.match(error.message, new RegExp(strict.url.replace(/[/.]/g, '\\$&')));
  assert.match(error.message, /policy options/);
  assert.ok(logs.some((r) => r.msg === 'request_refused' && r.op === 'REQUEST_CONNECT'));

  const { bridge: open } = await bridge({ allowServerOps: true });
  const admin = client(open.url);
  await admin.connect('root', server.rootPassword);
  assert.ok(db.name in (await admin.dbList()));
});

test('the database allowlist: DB_OPEN of another database is refused, the listed one works', async () => {
  const { bridge: b } = await bridge({ databases: [db.name] });
  const ok = client(b.url);
  await ok.dbOpen(db.name, db.user, db.password);
  assert.equal((await ok.query('SELECT 1 AS one'))[0]!.one, 1);
  const error = await failure(client(b.url).dbOpen(other.name, other.user, other.password));
  assert.ok(error instanceof PolicyError, String(error));
  assert.equal(error.policyCode, 'database');
  assert.match(error.message, new RegExp(`"${other.name}" is not allowed`));
});

test('the database allowlist reads a token-only request by its payload: a token of another database is refused on the stateless route', async () => {
  const { bridge: open } = await bridge();
  const owner = client(open.url);
  await owner.dbOpen(other.name, other.user, other.password);
  const stolen = owner.getSessionToken();
  const { bridge: b } = await bridge({ databases: [db.name] });
  const viaToken = client(b.url, { reattachRoutes: ['stateless'] });
  viaToken.setSessionToken(stolen);
  const error = await failure(viaToken.query('SELECT 1 AS one'));
  assert.ok(error instanceof PolicyError, String(error));
  assert.equal(error.policyCode, 'database');
  assert.match(error.message, /with a token for database/);
  // The same token on a bridge that allows that database works by the same route.
  const allowed = client(open.url, { reattachRoutes: ['stateless'] });
  allowed.setSessionToken(stolen);
  assert.equal((await allowed.query('SELECT 1 AS one'))[0]!.one, 1);
});

test('read-only mode: queries pass, commands are refused; a refusal fails exactly its call and the connection carries on', async () => {
  const { bridge: b } = await bridge({ readOnly: true });
  const c = client(b.url);
  await c.dbOpen(db.name, db.user, db.password);
  const sockets = b.metrics().connectionsTotal;
  const [first, refused, last] = await Promise.allSettled([
    c.query('SELECT 1 AS n'),
    c.command('CREATE CLASS ReadOnlyProbe'),
    c.query('SELECT 3 AS n'),
  ]);
  assert.equal(first.status === 'fulfilled' && first.value[0]!.n, 1);
  assert.ok(refused.status === 'rejected' && refused.reason instanceof PolicyError, String(refused));
  assert.equal((refused.reason as PolicyError).policyCode, 'read_only');
  assert.match((refused.reason as PolicyError).message, /REQUEST_QUERY in command mode/);
  assert.equal(last.status === 'fulfilled' && last.value[0]!.n, 3);
  assert.equal(b.metrics().connectionsTotal, sockets, 'the same WebSocket, no reconnect');
  assert.equal(b.metrics().connectionsOpen, 1);
  assert.equal((await c.query(CLASS_NAMED, { name: 'ReadOnlyProbe' })).length, 0);
});

test("OrientDB itself refuses writes sent in QUERY's query mode (what read-only mode relies on), and they change nothing", async () => {
  const { bridge: b } = await bridge({ readOnly: true });
  const admin = client(b.url);
  await admin.dbOpen(db.name, db.user, db.password);
  const before = (await admin.query('SELECT count(*) AS n FROM OUser'))[0]!.n;
  const writes = [
    'CREATE CLASS QueryModeWrite',
    "INSERT INTO OUser SET name = 'qm', password = 'qm-password', status = 'ACTIVE'",
    "UPDATE OUser SET status = 'SUSPENDED' WHERE name = 'admin'",
    "DELETE FROM OUser WHERE name = 'admin'",
  ];
  for (const sql of writes) {
    const error = await failure(admin.query(sql));
    assert.ok(error instanceof ServerError, `${sql}: ${String(error)}`);
  }
  assert.equal((await admin.query('SELECT count(*) AS n FROM OUser'))[0]!.n, before);
  assert.equal((await admin.query("SELECT status FROM OUser WHERE name = 'admin'"))[0]!.status, 'ACTIVE');
  assert.equal((await admin.query(CLASS_NAMED, { name: 'QueryModeWrite' })).length, 0);
});

test('failed logins: five per address, then refusal even with the right password; each failure and refusal logged without the password', async () => {
  const { bridge: b, logs } = await bridge();
  const wrong = 'not-the-password-42';
  for (let i = 0; i < 5; i++) {
    const error = await failure(client(b.url).dbOpen(db.name, db.user, wrong));
    assert.ok(error instanceof ServerError, String(error));
  }
  const refused = await failure(client(b.url).dbOpen(db.name, db.user, db.password));
  assert.ok(refused instanceof PolicyError, String(refused));
  assert.equal(refused.policyCode, 'login_throttled');
  const failed = logs.filter((r) => r.msg === 'login_failed');
  assert.equal(failed.length, 5);
  assert.deepEqual(
    { user: failed[0]!.user, database: failed[0]!.database, ip: failed[0]!.ip },
    { user: db.user, database: db.name, ip: '127.0.0.1' },
  );
  const refusal = logs.find((r) => r.msg === 'login_refused');
  assert.equal(refusal?.user, db.user);
  assert.equal(refusal?.why, 'too_many_failures_address');
  assert.equal(JSON.stringify(logs).includes(wrong), false);
});

test('a request the bridge cannot read closes the WebSocket with 4422 and a logged reason', async () => {
  const { bridge: b, logs } = await bridge();
  const c = await RawClient.connect(b.url);
  c.send(Buffer.concat([requestBytes(REQUEST_HANDSHAKE, HANDSHAKE_ARGS), Buffer.from([99, 0, 0, 0, 1, 0, 0, 0, 0])]));
  const closed = await c.closed;
  assert.equal(closed.code, 4422);
  assert.match(closed.reason, /unknown request opcode 99/);
  assert.ok(logs.some((r) => r.msg === 'request_unreadable' && /opcode 99/.test(String(r.reason))));
});

test('policy: false relays what the policy would refuse (the trusted mode)', async () => {
  const { bridge: b } = await bridge({ policy: false });
  const admin = client(b.url);
  await admin.connect('root', server.rootPassword);
  assert.ok(db.name in (await admin.dbList()));
});
