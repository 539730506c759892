// The client's event API (client.on): connected, reconnecting, reattached, expired and closed, driven
// through a whole session over the memory transport with hand-built frames; and reconnectWaitMs, the
// longest a read cut off by a drop waits for the background reattach, on mocked timers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClientEventName, ClientEvents } from '../../../src/api/events.js';
import { ConnectionLostError, ConnectionRefusedError, OrientDB, SessionExpiredError } from '../../../src/index.js';
import { memoryTokenStore } from '../../../src/tokens/token-store.js';
import type { Transport } from '../../../src/transport/transport.js';
import type { MemoryPeer } from '../../support/memory-transport.js';
import {
  announcingTransport,
  errorFrame,
  GREETING_38,
  holdProcess,
  i32,
  i64,
  okFrame,
  written,
} from '../session/harness.js';
import {
  REQUEST_DB_OPEN as DB_OPEN,
  REQUEST_DB_SIZE as DB_SIZE,
  REQUEST_QUERY as QUERY,
  REQUEST_DB_RELOAD as DB_RELOAD,
} from '../../../src/codec/operations/opcodes.js';

const SID = 9;
const TOKEN = 'aabbcc';
const TOKEN_ERROR = 'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException';
const NAMES: ClientEventName[] = ['connected', 'reconnecting', 'reattached', 'expired', 'closed'];

type Seen = { [K in ClientEventName]: { name: K; event: ClientEvents[K] } }[ClientEventName];

/** A client over the memory transport; `refuse(n)` makes the next n connects fail. */
function client(options: { reconnectWaitMs?: number; reconnect?: { initialMs: number; maxMs: number } } = {}) {
  const { transport, nextPeer } = announcingTransport({ greeting: GREETING_38 });
  let refusals = 0;
  const refusing: Transport = {
    ...transport,
    connect: (handlers, o) =>
      refusals-- > 0
        ? Promise.reject(new ConnectionRefusedError('refused by the test'))
        : transport.connect(handlers, o),
  };
  const c = new OrientDB({
    transport: refusing,
    tokenStore: memoryTokenStore(),
    keepAlive: false,
    crossTab: false,
    reconnect: { initialMs: 1, maxMs: 2, maxAttempts: 3, ...options.reconnect },
    reconnectWaitMs: options.reconnectWaitMs,
  });
  const seen: Seen[] = [];
  for (const name of NAMES) {
    // Registered first, and throwing: the listeners after it still hear every event.
    c.on(name, () => {
      throw new Error(`a listener of '${name}' that throws`);
    });
    c.on(name, (event) => seen.push({ name, event } as Seen));
  }
  return {
    client: c,
    seen,
    nextPeer,
    refuse: (n: number) => {
      refusals = n;
    },
  };
}

const hexBytes = (hex: string) => Uint8Array.from(hex.match(/../g)!.map((b) => Number.parseInt(b, 16)));

/** dbOpen answered by the peer of the connection it opens. */
async function logIn(c: OrientDB, nextPeer: () => Promise<MemoryPeer>): Promise<MemoryPeer> {
  const peer = nextPeer();
  const login = c.dbOpen('db', 'u', 'p');
  const p = await peer;
  await written(p, DB_OPEN);
  p.push(hexBytes(okFrame(-1, DB_OPEN, i32(SID) + i32(3) + TOKEN)));
  await login;
  return p;
}

/** The next emission of `name`. */
const next = <K extends ClientEventName>(c: OrientDB, name: K) =>
  new Promise<ClientEvents[K]>((resolve) => {
    const off = c.on(name, (e) => {
      off();
      resolve(e);
    });
  });

test('connected, reconnecting, reattached, expired, closed: once each, in order, with their fields; a throwing listener harms no one', async (t) => {
  holdProcess(t);
  const { client: c, seen, nextPeer } = client();
  const first = await logIn(c, nextPeer);

  // The connection drops; the first reattach attempt (after 1-2 ms) succeeds by the session route.
  const second = nextPeer();
  const reattached = next(c, 'reattached');
  first.drop();
  const p = await second;
  await written(p, DB_SIZE);
  p.push(hexBytes(okFrame(SID, DB_SIZE, i64(1))));
  await reattached;

  // The server has forgotten the session: the next call (the session's first, behind the question for
  // the database's time zone) expires it; the server refuses both.
  const size = c.dbSize();
  await written(p, DB_SIZE, 2);
  assert.deepEqual(p.writes.map((w) => w[0]).slice(-2), [DB_RELOAD, DB_SIZE], 'the zone asked ahead of the call');
  const refused = (opcode: number) => errorFrame(SID, opcode, TOKEN_ERROR, 'The token provided is not a valid token');
  p.push(hexBytes(refused(DB_RELOAD) + refused(DB_SIZE)));
  await assert.rejects(size, SessionExpiredError);
  await c.close();

  assert.deepEqual(
    seen.map((s) => s.name),
    NAMES,
  );
  const [connected, reconnecting, reattach, expired, closed] = seen;
  assert.equal(connected!.name, 'connected');
  if (connected!.name === 'connected') {
    assert.equal(connected.event.endpoint, 'memory');
    assert.equal(connected.event.via, 'login');
    assert.equal(connected.event.state.database, 'db');
    assert.equal(connected.event.state.user, 'u');
  }
  if (reconnecting!.name === 'reconnecting') {
    const e = reconnecting.event;
    assert.equal(e.endpoint, 'memory');
    assert.equal(e.attempt, 1);
    assert.equal(e.maxAttempts, 3);
    assert.ok(e.delayMs >= 0.5 && e.delayMs <= 2, `delay ${e.delayMs}`);
    assert.ok(e.error instanceof ConnectionLostError, 'the drop is the reason');
  }
  if (reattach!.name === 'reattached') {
    assert.equal(reattach.event.route, 'session');
    assert.equal(reattach.event.state.via, 'session');
    assert.equal(reattach.event.state.reconnects, 1);
  }
  if (expired!.name === 'expired') assert.ok(expired.event.error instanceof SessionExpiredError);
  if (closed!.name === 'closed') assert.deepEqual(closed.event, { endpoint: 'memory', logout: false });
});

test('reconnecting is told from the first attempt on: a failed attempt is the next one’s reason', async (t) => {
  holdProcess(t);
  const { client: c, seen, nextPeer, refuse } = client();
  const first = await logIn(c, nextPeer);
  refuse(1);
  const back = nextPeer();
  const reattached = next(c, 'reattached');
  first.drop();
  const p = await back;
  await written(p, DB_SIZE);
  p.push(hexBytes(okFrame(SID, DB_SIZE, i64(1))));
  await reattached;
  await c.close();

  const attempts = seen.flatMap((s) => (s.name === 'reconnecting' ? [s.event] : []));
  assert.deepEqual(
    attempts.map((e) => e.attempt),
    [1, 2],
  );
  assert.ok(attempts[0]!.error instanceof ConnectionLostError, 'attempt 1: the drop');
  assert.ok(attempts[1]!.error instanceof ConnectionRefusedError, 'attempt 2: attempt 1 was refused');
  assert.deepEqual(
    seen.map((s) => s.name),
    ['connected', 'reconnecting', 'reconnecting', 'reattached', 'closed'],
  );
});

test('unsubscribing stops the events', async () => {
  const { client: c, nextPeer } = client();
  let heard = 0;
  const off = c.on('closed', () => heard++);
  await logIn(c, nextPeer);
  off();
  await c.close();
  assert.equal(heard, 0);
});

test('reconnectWaitMs: a read cut off by a drop waits that long for the background reattach, then runs again', {
  timeout: 10_000,
}, async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  holdProcess(t);
  // The background reattach waits 30-60 s before its first attempt: the read must not wait for it.
  const { client: c, nextPeer } = client({ reconnectWaitMs: 5000, reconnect: { initialMs: 60_000, maxMs: 60_000 } });
  const first = await logIn(c, nextPeer);
  const read = c.query('SELECT 1');
  await written(first, QUERY);
  let connects = 0;
  const again = nextPeer().then((peer) => {
    connects++;
    return peer;
  });
  first.drop();
  await settled();
  t.mock.timers.tick(4999);
  await settled();
  assert.equal(connects, 0, 'still waiting for the background reattach at 4999 ms');
  t.mock.timers.tick(1);
  // At 5000 ms the read runs again: it has the background reattach try at once, and follows its probe.
  const p = await again;
  assert.equal(connects, 1);
  await written(p, DB_SIZE);
  p.push(hexBytes(okFrame(SID, DB_SIZE, i64(1))));
  await written(p, QUERY);
  p.drop();
  await assert.rejects(read, ConnectionLostError);
  await c.close();
});

/** Lets every promise reaction run (setImmediate is not mocked). */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
