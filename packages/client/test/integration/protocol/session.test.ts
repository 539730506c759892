// Greeting, handshake, CONNECT and DB_OPEN on the real server over TCP: the raw header facts
// (session echo, renewal field), error bodies for bad credentials, pipelining and DB_CLOSE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readGreeting } from '@orientdb-edge/testkit';
import { tcp } from '../../../src/tcp.js';
import { databaseClose, databaseOpen, databaseSize, query, serverConnect } from '../../support/requests.js';
import { dbSizeRequest, queryRequest, rawRequest } from '../../support/requests.js';
import { DatabaseNotFoundError, ServerError, TokenError } from '../../../src/errors.js';
import { connect, recording, releaseBefore, server, testDatabase } from './helpers.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

// OrientDB 3.0 speaks protocol 37 (its OChannelBinaryProtocol.CURRENT_PROTOCOL_VERSION); 3.1 and 3.2 speak 38.
const greetingOf = (version: string) => (releaseBefore(version, '3.1') ? 37 : 38);

test('the server greets with its protocol (38 from 3.1 on, 37 on 3.0); a handshake at that version gets no reply', async () => {
  const s = await server();
  const offered = greetingOf(s.version);
  assert.equal(await readGreeting(s.host, s.port), offered);
  const conn = await connect();
  assert.equal(conn.serverProtocolVersion, offered);
  assert.equal(conn.protocolVersion, offered, 'a client that speaks 38 uses 37 with a server that offers 37');
  await serverConnect(conn, 'root', s.rootPassword);
  conn.close();
});

test('a 37 handshake is accepted as well', async () => {
  const s = await server();
  const conn = await connect({ protocolVersion: 37 });
  assert.equal(conn.protocolVersion, 37);
  const session = await serverConnect(conn, 'root', s.rootPassword);
  assert.ok(session.token.length > 0);
  conn.close();
});

test('CONNECT as root: header echoes session -1, renewal field is null (-1), opcode 2; body = id + token', async () => {
  const s = await server();
  const rec = recording(tcp({ host: s.host, port: s.port }));
  const conn = await connect({}, rec.transport);
  const session = await serverConnect(conn, 'root', s.rootPassword);
  const raw = hex(rec.received());
  assert.equal(raw.slice(0, 4), greetingOf(s.version).toString(16).padStart(4, '0'), 'greeting');
  assert.equal(raw.slice(4, 4 + 2 + 8 + 8 + 2), '00' + 'ffffffff' + 'ffffffff' + '02');
  assert.ok(session.sessionId >= 0);
  assert.equal(conn.sessionId, session.sessionId);
  assert.ok(session.token.length > 32);
  conn.close();
});

test('DB_OPEN as admin: header echoes session -1, renewal field is empty (length 0), opcode 3', async () => {
  const s = await server();
  const db = await testDatabase();
  const rec = recording(tcp({ host: s.host, port: s.port }));
  const conn = await connect({}, rec.transport);
  const session = await databaseOpen(conn, db.name, 'admin', 'admin');
  assert.equal(hex(rec.received()).slice(4, 4 + 20), '00' + 'ffffffff' + '00000000' + '03');
  assert.equal(conn.sessionId, session.sessionId);
  assert.ok((await databaseSize(conn)) > 0);
  conn.close();
  await db.drop();
});

test('wrong password, unknown database and wrong root password: typed error bodies; the connection stays usable', async () => {
  const s = await server();
  const db = await testDatabase();
  const conn = await connect();
  await assert.rejects(
    databaseOpen(conn, db.name, 'admin', 'wrong'),
    (e: ServerError) =>
      e instanceof ServerError &&
      !(e instanceof TokenError) &&
      e.javaClass === 'com.orientechnologies.orient.core.exception.OSecurityAccessException' &&
      e.errorCode === 5 &&
      e.errorIdentifier === 0 &&
      e.serverMessage.startsWith('User or password not valid') &&
      e.chain.length === 0,
  );
  // 3.2 sends OStorageDoesNotExistException itself; 3.0 and 3.1 wrap it in an ODatabaseException and send
  // only the outer class and its text. Both are DatabaseNotFoundError.
  const missing = releaseBefore(s.version, '3.2')
    ? ['com.orientechnologies.orient.core.exception.ODatabaseException', "Cannot open database 'no_such_db_x'"]
    : ['com.orientechnologies.orient.core.exception.OStorageDoesNotExistException', 'Cannot open the storage'];
  await assert.rejects(
    databaseOpen(conn, 'no_such_db_x', 'admin', 'admin'),
    (e: ServerError) =>
      e instanceof DatabaseNotFoundError &&
      e.database === 'no_such_db_x' &&
      e.javaClass === missing[0] &&
      e.serverMessage.startsWith(missing[1]!) &&
      e.errorCode === 5,
  );
  await assert.rejects(
    serverConnect(conn, 'root', 'wrong'),
    (e: ServerError) =>
      e.javaClass === 'com.orientechnologies.orient.core.exception.OSecurityAccessException' &&
      e.serverMessage.startsWith('Wrong user/password'),
  );
  await databaseOpen(conn, db.name, 'admin', 'admin');
  assert.ok((await databaseSize(conn)) > 0);
  conn.close();
  await db.drop();
});

test('a database request on a server (CONNECT) session fails with "Required database session"', async () => {
  const s = await server();
  const conn = await connect();
  await serverConnect(conn, 'root', s.rootPassword);
  await assert.rejects(
    databaseSize(conn),
    (e: ServerError) =>
      e.javaClass === 'com.orientechnologies.orient.core.exception.ODatabaseException' &&
      e.serverMessage === 'Required database session',
  );
  conn.close();
});

test('errorEncoding 1 makes the server send the stack trace as text in the detail field; the frame still parses', async () => {
  const db = await testDatabase();
  const s = await server();
  const rec = recording(tcp({ host: s.host, port: s.port }));
  const conn = await connect({ errorDetail: 'stack-trace' }, rec.transport);
  await databaseOpen(conn, db.name, 'admin', 'admin');
  const e = await query(conn, { statement: 'selec from x' }).then(
    () => null,
    (err: ServerError) => err,
  );
  assert.ok(e instanceof ServerError);
  assert.equal(e.errorCode, 1);
  assert.match(Buffer.from(rec.received()).toString('latin1'), /\tat com\.orientechnologies\./);
  assert.ok((await databaseSize(conn)) > 0, 'in sync after a long error body');
  conn.close();
  await db.drop();
});

test('pipelined requests on one socket are answered in order, errors included', async () => {
  const db = await testDatabase();
  const conn = await connect();
  const open = databaseOpen(conn, db.name, 'admin', 'admin');
  const calls = [
    conn.request(queryRequest({ statement: 'select 1 as a' })),
    conn.request(queryRequest({ statement: 'selec oops' })).then(
      () => 'no error',
      (e: ServerError) => e.javaClass,
    ),
    conn.request(dbSizeRequest()),
    conn.request(queryRequest({ statement: 'select 2 as a' })),
  ];
  await open;
  const [a, err, size, b] = await Promise.all(calls);
  assert.deepEqual({ ...(a as { items: object[] }).items[0] }, { a: 1 });
  assert.equal(err, 'com.orientechnologies.orient.core.sql.OCommandSQLParsingException');
  assert.ok(typeof size === 'number' && size > 0);
  assert.deepEqual({ ...(b as { items: object[] }).items[0] }, { a: 2 });
  conn.close();
  await db.drop();
});

test('DB_CLOSE has no response; the socket stays open and the closed session id is unknown afterwards', async () => {
  const db = await testDatabase();
  const conn = await connect();
  const { sessionId } = await databaseOpen(conn, db.name, 'admin', 'admin');
  const token = conn.token;
  await databaseClose(conn);
  conn.sessionId = sessionId;
  conn.token = token;
  await assert.rejects(
    databaseSize(conn),
    (e: ServerError) => e instanceof TokenError && e.serverMessage === 'missing session and token',
  );
  await databaseOpen(conn, db.name, 'admin', 'admin');
  assert.ok((await databaseSize(conn)) > 0);
  conn.close();
  await db.drop();
});

test('an unknown opcode after the handshake makes the server close the socket (no error frame, no desync)', async () => {
  const db = await testDatabase();
  const conn = await connect();
  await databaseOpen(conn, db.name, 'admin', 'admin');
  const gone = new Promise<Error | undefined>((resolve) => conn.onClose(resolve));
  const unknown = conn.request(rawRequest(99, () => 0));
  const after = conn.request(dbSizeRequest());
  await assert.rejects(unknown, (e: Error & { code?: string }) => e.code === 'ERR_CONNECTION_LOST');
  await assert.rejects(after, (e: Error & { code?: string }) => e.code === 'ERR_CONNECTION_LOST');
  assert.equal(((await gone) as Error & { code?: string }).code, 'ERR_CONNECTION_LOST');
  await db.drop();
});
