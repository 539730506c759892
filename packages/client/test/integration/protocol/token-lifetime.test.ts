// Token renewal and expiry, and the purge of sessions whose socket closed, on a private real server
// with network.token.expireTimeout = 1 minute and server.channel.cleanDelay = 500 ms. The waits are
// the server's own clocks (half-life 30 s, lifetime 60 s): there is no event to await instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, startOrientDB, type OrientDBServer, type TestDatabase } from '@orientdb-edge/testkit';
import { tcp } from '../../../src/tcp.js';
import { Writer } from '../../../src/codec/writer.js';
import { StatefulConnection as Connection } from '../../../src/session/stateful-connection.js';
import { databaseOpen, databaseSize, reattach } from '../../support/requests.js';
import { type ServerError, TokenError } from '../../../src/errors.js';
import { RawSocket, releaseBefore } from './helpers.js';

let srv: OrientDBServer;
/**
 * How a stateless request with an expired token is refused. OClientConnection.validateSession checks the
 * signature, then the expiry: on 3.0 and 3.1 the signature check is the signature alone, so the expiry
 * check answers; from 3.2 on the first check (validateBinaryToken) covers the expiry too, so an expired
 * token is reported as a signature mismatch.
 */
const expiredStateless = (version: string): [string, string] => [
  'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException',
  releaseBefore(version, '3.2')
    ? 'The token provided is expired'
    : 'The token provided is not a valid token, signature does not match',
];
let db: TestDatabase;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  srv = await startOrientDB({ tokenExpireMinutes: 1, cleanDelayMs: 500 });
  db = await createTestDatabase(srv);
});
after(async () => {
  await srv.stop();
});

async function open(): Promise<Connection> {
  const conn = await Connection.open(tcp({ host: srv.host, port: srv.port }), { timeoutMs: 60_000 });
  await databaseOpen(conn, db.name, db.user, db.password);
  return conn;
}

/** A stateless DB_SIZE (no handshake, session -1, token only): the size, or the error's (class, message). */
async function stateless(token: Uint8Array): Promise<{ size?: number | bigint; error?: [string, string] }> {
  const raw = await RawSocket.open({ host: srv.host, port: srv.port });
  try {
    await raw.read((r) => r.short());
    raw.write(new Writer().byte(8).int(-1).bytesField(token).finish());
    return await raw.read((r) => {
      const status = r.byte();
      r.int();
      r.bytesField();
      if (status === 0) return { size: r.long() };
      const pairs: string[] = [];
      while (r.byte() === 1) {
        pairs.push(r.string()!);
        pairs.push(r.string()!);
      }
      r.bytesField();
      return { error: [pairs[0]!, pairs[1]!] as [string, string] };
    });
  } finally {
    raw.close();
  }
}

test('renewal after half the lifetime, expiry after it, and purge of closed-socket sessions', async () => {
  const c1 = await open();
  const t0 = c1.token!;
  const idle = await open();
  const gone = await open();
  const goneSession = { id: gone.sessionId, token: gone.token! };
  gone.close();

  const renewed: Uint8Array[] = [];
  c1.onTokenRenewed((t) => renewed.push(t));
  await databaseSize(c1);
  assert.equal(renewed.length, 0, 'no renewal in the first half of the lifetime');

  await wait(2_000);
  const late = await Connection.open(tcp({ host: srv.host, port: srv.port }));
  reattach(late, goneSession.id, goneSession.token);
  await assert.rejects(
    databaseSize(late),
    (e: ServerError) => e instanceof TokenError && e.serverMessage === 'missing session and token',
    'a session whose socket closed is purged after cleanDelay',
  );
  late.close();

  await wait(30_000);
  await databaseSize(c1);
  assert.equal(renewed.length, 1, 'renewed once past the half-life');
  assert.notDeepEqual([...c1.token!], [...t0]);
  assert.ok((await stateless(t0)).size, 'the old token is not revoked by the renewal');

  await wait(30_000);
  assert.ok((await databaseSize(c1)) > 0, 'the renewed token keeps the session alive past the first expiry');
  const idleResult = await databaseSize(idle).then(
    () => 'ok',
    (e: Error) => e,
  );
  assert.ok(
    idleResult instanceof TokenError && idleResult.serverMessage.startsWith('missing session and token'),
    `an idle session past its expiry is purged: ${idleResult}`,
  );
  assert.equal(idle.closed, false, 'the socket itself stays open');
  const expired = await stateless(t0);
  assert.equal(expired.size, undefined, 'an expired token is refused in stateless mode');
  assert.deepEqual(expired.error, expiredStateless(srv.version));
  assert.ok((await stateless(c1.token!)).size, 'the renewed token works statelessly');
  c1.close();
  idle.close();
});
