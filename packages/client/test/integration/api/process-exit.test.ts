// Server-side runtimes: a Node program that is done exits by itself, without close(), over TCP and
// through the bridge with the ws package (the connection releases its socket while no call waits);
// and a call in flight keeps the process alive until it settles. Each program is a child process whose
// 'exit' the test awaits: a socket that held the process would leave the test waiting until its timeout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestDatabase, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { bridgeFor, closeBridges } from './helpers/env.js';
import { killChildren, runChild } from './helpers/run-child.js';

let server: ServerInfo;
let db: TestDatabase;
const login = () => ({ database: db.name, user: db.user, password: db.password });
/** Long enough for a Node start with tsx on a busy machine; a child that never exits fails here. */
const EXIT = { timeout: 60_000 };

before(async () => {
  server = await sharedServer();
  db = await createTestDatabase(server);
});
after(async () => {
  killChildren();
  await closeBridges();
  await db.drop();
});

for (const over of ['tcp', 'bridge (ws)'] as const) {
  test(`${over}: a program that opened a session and queried exits by itself, without close()`, EXIT, async () => {
    const target = over === 'tcp' ? `${server.host}:${server.port}` : (await bridgeFor(server)).url;
    const out = await runChild({ target, login: login(), query: 'SELECT 1 AS one' });
    assert.equal(out.code, 0, out.stderr);
    assert.deepEqual(out.lines[0], { rows: [{ one: 1 }], via: 'login' });
    // The event loop emptied only after the query had its answer: the call held the process until then.
    assert.deepEqual(out.lines[1], { beforeExit: true, querySettled: true });
  });
}

test('tcp: a call in flight keeps the process alive until it settles', EXIT, async () => {
  // The program's only activity after the login is waiting for this answer, and without a deadline
  // (timeoutMs 0) no timer waits with it: were the socket released while the call waits, the event
  // loop would empty ('beforeExit') before the answer was read.
  const target = `${server.host}:${server.port}`;
  const out = await runChild({ target, login: login(), query: 'SELECT name FROM OUser', timeoutMs: 0 });
  assert.equal(out.code, 0, JSON.stringify(out.lines) + out.stderr);
  assert.ok(
    Array.isArray(out.lines[0]!.rows) && (out.lines[0]!.rows as unknown[]).length > 0,
    JSON.stringify(out.lines),
  );
  assert.deepEqual(out.lines[1], { beforeExit: true, querySettled: true });
});
