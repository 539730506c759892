// The routes from a stored (session id, token) back to a live session, over a new
// TCP connection: handshake + old session id (while the server holds the session), REOPEN, and
// token-only stateless requests without a handshake (legacy framing: no opcode echo, no error code).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writer } from '../../../src/codec/writer.js';
import type { Reader } from '../../../src/codec/reader.js';
import { REQUEST_DB_REOPEN } from '../../../src/codec/operations/opcodes.js';
import { databaseSize, query, queryNextPage, rawRequest, reattach } from '../../support/requests.js';
import { ServerError, TokenError } from '../../../src/errors.js';
import { connect, openDatabase, RawSocket, server, testDatabase } from './helpers.js';

test('handshake + old session id + token on a second socket works while the first is open; both keep working', async () => {
  const db = await testDatabase();
  const c1 = await openDatabase(db);
  const c2 = await connect();
  reattach(c2, c1.sessionId, c1.token!);
  const size = await databaseSize(c2);
  assert.ok(size > 0);
  assert.equal(await databaseSize(c1), size);
  c1.close();
  c2.close();
  await db.drop();
});

test('reattach right after the first socket closed: the session survives, open cursors included', async () => {
  const db = await testDatabase();
  const c1 = await openDatabase(db);
  await query(c1, { statement: 'create class Thing', mode: 'command' });
  await query(c1, {
    statement: `insert into Thing (n) values ${Array.from({ length: 50 }, (_, i) => `(${i})`).join(',')}`,
    mode: 'command',
  });
  const first = await query(c1, { statement: 'select n from Thing order by n', pageSize: 10 });
  assert.equal(first.hasNextPage, true);
  const { sessionId } = c1;
  const token = c1.token!;
  c1.close();
  const c2 = await connect();
  reattach(c2, sessionId, token);
  const next = await queryNextPage(c2, first.queryId, 10);
  assert.deepEqual(
    next.items.map((x) => x['n']),
    [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
  );
  c2.close();
  await db.drop();
});

test('REOPEN (17) with a live old session returns a new session id and retires the old one', async () => {
  const db = await testDatabase();
  const c1 = await openDatabase(db);
  const old = { id: c1.sessionId, token: c1.token! };
  c1.close();
  const c2 = await connect();
  reattach(c2, old.id, old.token);
  const newId = await c2.request(rawRequest(REQUEST_DB_REOPEN, (r) => r.int(), { replay: 'write' }));
  assert.notEqual(newId, old.id);
  assert.ok(newId > 0);
  const c3 = await connect();
  reattach(c3, old.id, old.token);
  await assert.rejects(
    databaseSize(c3),
    (e: ServerError) => e instanceof TokenError && e.serverMessage === 'missing session and token',
  );
  reattach(c2, newId, old.token);
  assert.ok((await databaseSize(c2)) > 0, 'the new id works with the same token');
  c2.close();
  c3.close();
  await db.drop();
});

test('REOPEN with an unknown session id fails with a NullPointerException error frame; the socket stays usable', async () => {
  const db = await testDatabase();
  const c1 = await openDatabase(db);
  const c2 = await connect();
  reattach(c2, 987654, c1.token!);
  await assert.rejects(
    c2.request(rawRequest(REQUEST_DB_REOPEN, (r) => r.int(), { replay: 'write' })),
    (e: ServerError) => e instanceof ServerError && e.javaClass === 'java.lang.NullPointerException',
  );
  reattach(c2, c1.sessionId, c1.token!);
  assert.ok((await databaseSize(c2)) > 0);
  c1.close();
  c2.close();
  await db.drop();
});

test('an unknown session id with a handshake gives TokenError "missing session and token"', async () => {
  const db = await testDatabase();
  const c1 = await openDatabase(db);
  const c2 = await connect();
  reattach(c2, 987654, c1.token!);
  await assert.rejects(
    databaseSize(c2),
    (e: ServerError) =>
      e instanceof TokenError &&
      e.javaClass === 'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException',
  );
  assert.equal(c2.closed, false, 'the socket stays usable');
  c1.close();
  c2.close();
  await db.drop();
});

/** Legacy (no handshake) OK/ERROR header: status, session id, renewal bytes; no opcode echo. */
function legacyHeader(r: Reader): { status: number; sessionId: number; renewal: number } {
  const status = r.byte();
  const sessionId = r.int();
  const t = r.bytesField();
  return { status, sessionId, renewal: t === null ? -1 : t.length };
}

test('stateless token-only requests without a handshake: DB_SIZE and QUERY work, one page only, legacy framing', async () => {
  const db = await testDatabase();
  const c1 = await openDatabase(db);
  const token = c1.token!;
  const expected = await databaseSize(c1);
  c1.close();
  const raw = await RawSocket.open();
  assert.equal(await raw.read((r) => r.short()), (await server()).protocolVersion);
  raw.write(new Writer().byte(8).int(-1).bytesField(token).finish());
  const size = await raw.read((r) => ({ h: legacyHeader(r), size: r.long() }));
  assert.deepEqual(size.h, { status: 0, sessionId: -1, renewal: 0 });
  assert.equal(size.size, expected);

  raw.write(
    new Writer()
      .byte(45)
      .int(-1)
      .bytesField(token)
      .string('sql')
      .string('select from OUser')
      .byte(1)
      .int(1)
      .string(null)
      .bytesField(new Uint8Array(0))
      .bool(true)
      .finish(),
  );
  const page = await raw.read((r) => ({
    h: legacyHeader(r),
    queryId: r.string(),
    tx: r.bool(),
    plan: r.bool(),
    prefetched: r.int(),
    count: r.int(),
  }));
  assert.equal(page.h.status, 0);
  assert.equal(page.count, 1, 'recordsPerPage is honoured');
  raw.close();

  const raw2 = await RawSocket.open();
  await raw2.read((r) => r.short());
  raw2.write(new Writer().byte(47).int(-1).bytesField(token).string(page.queryId).int(10).finish());
  const err = await raw2.read((r) => {
    const h = legacyHeader(r);
    const pairs: string[] = [];
    while (r.byte() === 1) {
      pairs.push(r.string()!);
      pairs.push(r.string()!);
    }
    r.bytesField();
    return { h, pairs };
  });
  assert.equal(err.h.status, 1);
  assert.equal(err.pairs[0], 'com.orientechnologies.orient.core.exception.ODatabaseException');
  assert.match(err.pairs[1]!, /No query with id/);
  raw2.close();
  await db.drop();
});

test('stateless mode: a transaction opcode (TX_BEGIN 61) is unsupported (socket dropped or an I/O error frame)', async () => {
  const db = await testDatabase();
  const c1 = await openDatabase(db);
  const token = c1.token!;
  c1.close();
  const raw = await RawSocket.open();
  await raw.read((r) => r.short());
  raw.write(new Writer().byte(61).int(-1).bytesField(token).int(1).bool(false).bool(true).finish());
  // The legacy request factory has no TX_BEGIN; the server swallows that error and reads the rest of the
  // request (token, body) as further requests, waiting for bytes that never come until its socket timeout
  // (15 s). Ending our side makes that wait end at once: the server then closes its side too.
  raw.socket.end();
  const closedFirst = await raw.closedByServer();
  const status = closedFirst ? null : await raw.read((r) => r.byte());
  assert.ok(
    closedFirst || status === 1,
    'either the socket is dropped or an error frame (an IOException from misreading the body) arrives',
  );
  raw.close();
  await db.drop();
});

test('stateless mode with a garbage token is refused with an error frame', async () => {
  const raw = await RawSocket.open();
  await raw.read((r) => r.short());
  raw.write(
    new Writer()
      .byte(8)
      .int(-1)
      .bytesField(Uint8Array.of(1, 2, 3, 4))
      .finish(),
  );
  const err = await raw
    .read((r) => {
      const status = r.byte();
      r.int();
      const pairs: string[] = [];
      if (status === 1) {
        r.bytesField();
        while (r.byte() === 1) {
          pairs.push(r.string()!);
          pairs.push(r.string()!);
        }
        r.bytesField();
      }
      return { status, pairs };
    })
    .catch((e: Error) => ({ status: -1, pairs: [e.message] }));
  assert.equal(err.status, 1, JSON.stringify(err));
  assert.deepEqual(err.pairs, ['com.orientechnologies.common.exception.OSystemException', 'Error on token parse']);
  raw.close();
});

test('CONNECT with a non-negative unknown session id: the server closes the socket without a frame', async () => {
  const s = await server();
  const raw = await RawSocket.open();
  await raw.read((r) => r.short());
  raw.write(new Writer().byte(20).short(s.protocolVersion).string('t').string('0').byte(0).byte(2).finish());
  raw.write(new Writer().byte(2).int(4242).bytesField(null).string('root').string(s.rootPassword).finish());
  assert.equal(await raw.closedByServer(), true);
  raw.close();
});
