// fileTokenStore: two programs, one after the other, share a session through a file, as two loads of
// a page share one through localStorage. Process A logs in and exits (without close()); process B,
// made with the same store and no credentials, queries: it reattaches to A's session.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  createTestDatabase,
  describeServer,
  sqlOverHttp,
  startOrientDB,
  type OrientDBServer,
  type ServerInfo,
  type TestDatabase,
} from '@orientdb-edge/testkit';
import { bridgeFor, closeBridges } from './helpers/env.js';
import { killChildren, runChild } from './helpers/run-child.js';

let orientdb: OrientDBServer;
let server: ServerInfo;
let db: TestDatabase;
let dir: string;
const EXIT = { timeout: 60_000 };

before(async () => {
  // OrientDB drops a closed socket's session at the next run of its clean-up timer, which runs every
  // server.channel.cleanDelay (OClientConnectionManager): anywhere from 0 to that delay after the close.
  // With the shared server's 5 s, process B sometimes came after it (and went the stateless route); a
  // minute covers B's start.
  orientdb = await startOrientDB({ cleanDelayMs: 60_000 });
  server = describeServer(orientdb);
  db = await createTestDatabase(server);
  dir = mkdtempSync(join(tmpdir(), 'orientdb-edge-file-store-'));
  await sqlOverHttp(server, db, 'CREATE CLASS Nodes');
});
after(async () => {
  killChildren();
  await closeBridges();
  rmSync(dir, { recursive: true, force: true });
  await db.drop();
  await orientdb.stop();
});

const login = () => ({ database: db.name, user: db.user, password: db.password });

test(
  'tcp: process B reattaches to the session process A stored, without credentials (session route)',
  EXIT,
  async () => {
    const storeFile = join(dir, 'tcp', 'sessions.json');
    const target = `${server.host}:${server.port}`;
    const a = await runChild({ target, login: login(), storeFile });
    assert.equal(a.code, 0, JSON.stringify(a.lines) + a.stderr);
    assert.equal(a.lines[0]!.via, 'login');
    assert.equal(statSync(storeFile).mode & 0o777, 0o600, 'readable by its owner only');
    assert.equal(statSync(join(dir, 'tcp')).mode & 0o777, 0o700);

    const b = await runChild({ target, storeFile, query: 'SELECT count(*) AS n FROM Nodes' });
    assert.equal(b.code, 0, JSON.stringify(b.lines) + b.stderr);
    assert.deepEqual(b.lines[0], { rows: [{ n: 0 }], via: 'session' });
  },
);

test('bridge: process A parks its connection before it ends; process B resumes it (resume route)', EXIT, async () => {
  const storeFile = join(dir, 'bridge', 'sessions.json');
  const { url } = await bridgeFor(server);
  const a = await runChild({ target: url, login: login(), storeFile, query: 'SELECT 1 AS one', park: true });
  assert.equal(a.code, 0, JSON.stringify(a.lines) + a.stderr);
  assert.equal(a.lines[0]!.parked, true);

  const b = await runChild({ target: url, storeFile, query: 'SELECT count(*) AS n FROM Nodes' });
  assert.equal(b.code, 0, JSON.stringify(b.lines) + b.stderr);
  assert.deepEqual(b.lines[0], { rows: [{ n: 0 }], via: 'resume' });
});

test('without the store, process B has no session to reattach to', EXIT, async () => {
  const b = await runChild({
    target: `${server.host}:${server.port}`,
    storeFile: join(dir, 'empty', 'sessions.json'),
    query: 'SELECT 1',
  });
  assert.equal(b.code, 1);
  assert.match(String(b.lines[0]!.error), /SessionExpiredError/);
});
