// Resuming a parked connection through the real bridge with early data: the first requests follow the
// hello without waiting for the welcome, and a resume the bridge refuses sends nothing to OrientDB, so
// a write pipelined behind it runs once, on the next route.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createTestDatabase, sharedServer, type TestDatabase } from '@orientdb-edge/testkit';
import { OrientDB } from '../../../src/index.js';
import { decodeSessionHandle, encodeSessionHandle } from '../../../src/api/session-token.js';
import { bridgeFor, closeBridges } from './helpers/env.js';

/** The ws package's WebSocket, noting what each socket sends and receives, in order. */
function recordingWebSocket() {
  const events: string[][] = [];
  class Recording extends WebSocket {
    readonly #log: string[] = [];
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      events.push(this.#log);
      this.addEventListener('message', () => this.#log.push('receive'));
    }
    override send(data: Parameters<WebSocket['send']>[0], ...rest: unknown[]): void {
      this.#log.push('send');
      (super.send as (...a: unknown[]) => void)(data, ...rest);
    }
  }
  return { WebSocket: Recording as never, events };
}

let db: TestDatabase;
let url: string;
const clients: OrientDB[] = [];
const client = (options: ConstructorParameters<typeof OrientDB>[0]) => {
  const c = new OrientDB(options);
  clients.push(c);
  return c;
};

before(async () => {
  const server = await sharedServer();
  db = await createTestDatabase(server);
  url = (await bridgeFor(server)).url;
  const setup = client({ url, WebSocket: WebSocket as never, tokenStore: null });
  await setup.dbOpen(db.name, db.user, db.password);
  await setup.command('CREATE CLASS Note');
  await setup.close();
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await closeBridges();
  await db.drop();
});

test('a resume sends its probe and first query right behind the hello, before the welcome arrives', async () => {
  const first = client({ url, WebSocket: WebSocket as never, tokenStore: null });
  await first.dbOpen(db.name, db.user, db.password);
  await first.command('INSERT INTO Note SET author = :a', { a: 'early' });
  const token = first.getSessionToken();
  assert.equal(first.park(), true);

  const recording = recordingWebSocket();
  const second = client({ url, WebSocket: recording.WebSocket, tokenStore: null });
  second.setSessionToken(token);
  const rows = await second.query('SELECT author FROM Note WHERE author = :a', { a: 'early' });
  assert.equal(rows.length, 1);
  assert.equal(second.session?.via, 'resume');
  const [socket] = recording.events;
  // hello, then the probe and the query (one message or two), all before the first message back.
  const firstReceive = socket!.indexOf('receive');
  assert.ok(firstReceive >= 2, `sends before the welcome: ${socket!.join(' ')}`);
  assert.deepEqual(socket!.slice(0, firstReceive), Array(firstReceive).fill('send'));
  // The next reload resumes with the id the welcome gave, not the one used.
  assert.notEqual(decodeSessionHandle(second.getSessionToken()).resumeId, decodeSessionHandle(token).resumeId);
});

test('a resume the bridge refuses sends nothing: a write pipelined behind it runs once, on the next route', async () => {
  const first = client({ url, WebSocket: WebSocket as never, tokenStore: null });
  await first.dbOpen(db.name, db.user, db.password);
  const handle = decodeSessionHandle(first.getSessionToken());
  // A resume id the bridge never gave (same format); the first client stays connected, so the old
  // session id with its token works on a new connection (route "session").
  const unknown = encodeSessionHandle({
    ...handle,
    resumeId: handle.resumeId.slice(0, -2) + (handle.resumeId.endsWith('AA') ? 'AB' : 'AA'),
  });

  const second = client({ url, WebSocket: WebSocket as never, tokenStore: null });
  second.setSessionToken(unknown);
  const inserted = await second.command('INSERT INTO Note SET author = :a', { a: 'refused-resume' });
  assert.equal(inserted.length, 1);
  assert.equal(second.session?.via, 'session');
  const rows = await first.query('SELECT count(*) AS n FROM Note WHERE author = :a', { a: 'refused-resume' });
  assert.equal(Number(rows[0]!['n']), 1);
});
