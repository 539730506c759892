// A stolen resume id against the real OrientDB and a real bridge: the victim's page parks its connection;
// a second WebSocket presenting only the id, or the id with another user's token, or with the victim's
// token from another Origin, gets the close of an unknown id and the parked session stays for its owner.
// A resumed connection refuses requests without a token, which OrientDB would serve on that socket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket, type ClientOptions } from 'ws';
import { createTestDatabase, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { OrientDB } from '@orientdb-edge/client';
import { REQUEST_QUERY } from '@orientdb-edge/client/protocol';
import type { WebSocketConstructor } from '../../../client/src/transport/websocket.js';
import { decodeSessionHandle } from '../../../client/src/api/session-token.js';
import { type Bridge, startBridge } from '../../src/index.js';
import { RawClient } from '../support/raw-client.js';
import { requestBytes } from '../support/requests.js';
import { until } from '../support/wait.js';

const APP = 'https://app.example';
const EVIL = 'https://evil.example';
/** The client's WebSocket class as a page on `origin` would open it (browsers send the Origin header). */
const pageOn = (origin: string) =>
  class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { origin } satisfies ClientOptions);
    }
  } as unknown as WebSocketConstructor;

let server: ServerInfo;
let db: TestDatabase;
let bridge: Bridge;
const clients: OrientDB[] = [];

before(async () => {
  server = await sharedServer();
  db = await createTestDatabase(server);
  bridge = await startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`${server.host}:${server.port}`],
    allowOrigins: [APP, EVIL],
    upgradeRatePerSecond: 0,
    logLevel: 'silent',
  });
  const admin = new OrientDB({ url: bridge.url, WebSocket: pageOn(APP), tokenStore: null });
  clients.push(admin);
  await admin.dbOpen(db.name, db.user, db.password);
  await admin.command("CREATE USER mallory IDENTIFIED BY 'mallory-password' ROLE reader");
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await bridge?.close();
  await db?.drop();
});

/** A victim page that logged in, queried and parked; what a thief would copy out of it. */
async function parkedVictim() {
  const victim = new OrientDB({ url: bridge.url, WebSocket: pageOn(APP), tokenStore: null });
  clients.push(victim);
  await victim.dbOpen(db.name, db.user, db.password);
  await victim.query('SELECT 1 AS one');
  const parkedBefore = bridge.metrics().parks.parked;
  assert.equal(victim.park(), true);
  await until(() => bridge.metrics().parks.parked === parkedBefore + 1, 'the victim to be parked');
  const handle = decodeSessionHandle(victim.getSessionToken());
  return { victim, handle };
}

async function resumeRefused(hello: { v: 1; resume: string; token?: Uint8Array }, origin: string) {
  const c = await RawClient.open(bridge.url, { origin });
  await assert.rejects(c.hello(hello));
  return c.closed;
}

test('a stolen resume id alone, with another user’s token, or from another Origin gets 4404 and nothing else', async () => {
  const { handle } = await parkedVictim();
  const unknown = { code: 4404, reason: 'unknown or expired resume id' };
  assert.deepEqual(await resumeRefused({ v: 1, resume: handle.resumeId }, APP), unknown, 'id only');

  const mallory = new OrientDB({ url: bridge.url, WebSocket: pageOn(APP), tokenStore: null });
  clients.push(mallory);
  await mallory.dbOpen(db.name, 'mallory', 'mallory-password');
  const malloryToken = decodeSessionHandle(mallory.getSessionToken()).token;
  assert.deepEqual(
    await resumeRefused({ v: 1, resume: handle.resumeId, token: malloryToken }, APP),
    unknown,
    "another user's token",
  );
  assert.deepEqual(
    await resumeRefused({ v: 1, resume: handle.resumeId, token: handle.token }, EVIL),
    unknown,
    'the right token from another Origin',
  );
  assert.equal(bridge.metrics().connectionsParked >= 1, true, 'the parked connection waits for its owner');
});

test('the owner still resumes its parked connection after the attempts; the client sends its token in the resume hello', async () => {
  const { victim, handle } = await parkedVictim();
  await resumeRefused({ v: 1, resume: handle.resumeId }, APP);
  const resumedBefore = bridge.metrics().parks.resumed;
  const owner = new OrientDB({ url: bridge.url, WebSocket: pageOn(APP), tokenStore: null });
  clients.push(owner);
  owner.setSessionToken(victim.getSessionToken());
  assert.equal((await owner.query('SELECT 2 AS two'))[0]!.two, 2);
  assert.equal(bridge.metrics().parks.resumed, resumedBefore + 1, 'by the resume route');
});

test('on a resumed connection a request without a token is refused, not served from the socket’s session', async () => {
  const { handle } = await parkedVictim();
  const c = await RawClient.connect(
    bridge.url,
    { v: 1, resume: handle.resumeId, token: handle.token },
    { origin: APP },
  );
  assert.equal(c.welcome!.resumed, true);
  const next = once(c.ws, 'message') as Promise<[Buffer, boolean]>;
  c.send(requestBytes(REQUEST_QUERY, { statement: 'SELECT name FROM OUser', mode: 'query' }, handle.sessionId, null));
  const [data, isBinary] = await next;
  assert.equal(isBinary, false, 'a refusal, not an answer from OrientDB');
  assert.deepEqual(JSON.parse(data.toString()), {
    refused: 1,
    code: 'no_token',
    reason: "REQUEST_QUERY without the session's token on a resumed connection",
  });
  await c.close(1000);
});

test('parked right after its login (no token relayed yet): the resume must name the login’s database', async () => {
  const elsewhere = await createTestDatabase(server);
  try {
    const outsider = new OrientDB({ url: bridge.url, WebSocket: pageOn(APP), tokenStore: null });
    clients.push(outsider);
    await outsider.dbOpen(elsewhere.name, elsewhere.user, elsewhere.password);
    const foreignToken = decodeSessionHandle(outsider.getSessionToken()).token;

    const victim = new OrientDB({ url: bridge.url, WebSocket: pageOn(APP), tokenStore: null });
    clients.push(victim);
    await victim.dbOpen(db.name, db.user, db.password);
    const parkedBefore = bridge.metrics().parks.parked;
    assert.equal(victim.park(), true);
    await until(() => bridge.metrics().parks.parked === parkedBefore + 1, 'the victim to be parked');
    const handle = decodeSessionHandle(victim.getSessionToken());
    assert.deepEqual(await resumeRefused({ v: 1, resume: handle.resumeId, token: foreignToken }, APP), {
      code: 4404,
      reason: 'unknown or expired resume id',
    });
    const resumedBefore = bridge.metrics().parks.resumed;
    const owner = new OrientDB({ url: bridge.url, WebSocket: pageOn(APP), tokenStore: null });
    clients.push(owner);
    owner.setSessionToken(victim.getSessionToken());
    assert.equal((await owner.query('SELECT 3 AS three'))[0]!.three, 3);
    assert.equal(bridge.metrics().parks.resumed, resumedBefore + 1, 'by the resume route');
  } finally {
    await elsewhere.drop();
  }
});
