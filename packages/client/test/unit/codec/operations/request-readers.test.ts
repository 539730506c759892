// Every operation's body written and read back (in both framings where they differ), the table's
// entries (replay class, answered), and hex fixtures built by hand for DB_OPEN, CONNECT, QUERY and TX_COMMIT.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeRequestHeader } from '../../../../src/codec/frame.js';
import { RecordId } from '../../../../src/codec/record-id.js';
import { Reader } from '../../../../src/codec/reader.js';
import { Writer } from '../../../../src/codec/writer.js';
import { ProtocolError } from '../../../../src/errors.js';
import * as op from '../../../../src/codec/operations/opcodes.js';
import type { AnyOperation, Framing } from '../../../../src/codec/operations/operation.js';
import { readRequest } from '../../../../src/codec/operations/request-frame.js';
import { OPERATIONS, operationOf } from '../../../../src/codec/operations/table.js';
import { DB_FREEZE, DB_RELEASE } from '../../../../src/codec/operations/admin.js';
import { decodeAtEverySplit, bytes, hex, i16, i32, i64, str, toHex } from './fixtures.js';
import { CASES, LEGACY_CASES, type Case } from './operation-cases.js';

function body(operation: AnyOperation, args: unknown, framing: Framing): Uint8Array {
  const w = new Writer();
  operation.write(w, args, framing);
  return w.finish();
}

function roundTrip(c: Case, framing: Framing): void {
  const operation = operationOf(c.opcode)!;
  const data = body(operation, c.args, framing);
  // one reader fed ever longer prefixes of the same body: the resumable path
  const resumed = decodeAtEverySplit(data, operation.requestReader(framing));
  assert.deepEqual(resumed, c.read ?? c.args, `${operation.name} (${framing}) resumed`);
  const once = operation.requestReader(framing)(new Reader(data));
  assert.deepEqual(once, c.read ?? c.args, `${operation.name} (${framing}) in one go`);
}

for (const c of CASES) {
  test(`${operationOf(c.opcode)!.name} ${c.label}: written, then read back equal (handshake framing)`, () =>
    roundTrip(c, 'handshake'));
}
for (const c of LEGACY_CASES) {
  test(`${operationOf(c.opcode)!.name} ${c.label}: written, then read back equal (legacy framing)`, () =>
    roundTrip(c, 'legacy'));
}

test('every operation in the table has a round-trip case, and its name is its opcode constant', () => {
  const covered = new Set(CASES.map((c) => c.opcode));
  for (const [opcode, operation] of OPERATIONS) {
    assert.ok(covered.has(opcode), `${operation.name} has a case`);
    assert.equal(operation.opcode, opcode);
    const constant = (op as Record<string, unknown>)[operation.name];
    assert.equal(constant, opcode, `${operation.name} is spelled as the constant`);
  }
  assert.equal(operationOf(99), undefined);
});

test('the table covers every opcode the client sends, plus SHUTDOWN, DB_REOPEN, DB_FREEZE and DB_RELEASE', () => {
  const expected = [
    op.REQUEST_SHUTDOWN,
    op.REQUEST_CONNECT,
    op.REQUEST_DB_OPEN,
    op.REQUEST_DB_CREATE,
    op.REQUEST_DB_CLOSE,
    op.REQUEST_DB_EXIST,
    op.REQUEST_DB_DROP,
    op.REQUEST_DB_SIZE,
    op.REQUEST_DB_COUNTRECORDS,
    op.REQUEST_DB_REOPEN,
    op.REQUEST_HANDSHAKE,
    op.REQUEST_RECORD_LOAD,
    op.REQUEST_RECORD_CREATE,
    op.REQUEST_RECORD_UPDATE,
    op.REQUEST_RECORD_DELETE,
    op.REQUEST_QUERY,
    op.REQUEST_CLOSE_QUERY,
    op.REQUEST_QUERY_NEXT_PAGE,
    op.REQUEST_SERVER_QUERY,
    op.REQUEST_TX_COMMIT,
    op.REQUEST_TX_BEGIN,
    op.REQUEST_TX_ROLLBACK,
    op.REQUEST_DB_RELOAD,
    op.REQUEST_DB_LIST,
    op.REQUEST_SERVER_INFO,
    op.REQUEST_DB_FREEZE,
    op.REQUEST_DB_RELEASE,
    op.SUBSCRIBE_PUSH,
    op.UNSUBSCRIBE_PUSH,
  ];
  assert.deepEqual(
    [...OPERATIONS.keys()].sort((a, b) => a - b),
    expected.sort((a, b) => a - b),
  );
});

test('replay classes: reads, the cursor, writes, logins and the close', () => {
  const replay = (opcode: number, args?: unknown) => operationOf(opcode)!.replay(args);
  for (const o of [
    op.REQUEST_DB_SIZE,
    op.REQUEST_DB_COUNTRECORDS,
    op.REQUEST_DB_RELOAD,
    op.REQUEST_DB_LIST,
    op.REQUEST_DB_EXIST,
    op.REQUEST_SERVER_INFO,
    op.REQUEST_RECORD_LOAD,
    op.REQUEST_CLOSE_QUERY,
    op.UNSUBSCRIBE_PUSH,
  ]) {
    assert.equal(replay(o, {}), 'read', operationOf(o)!.name);
  }
  assert.equal(replay(op.REQUEST_QUERY, { statement: 's', mode: 'query' }), 'read');
  assert.equal(replay(op.REQUEST_QUERY, { statement: 's' }), 'read');
  assert.equal(replay(op.REQUEST_QUERY, { statement: 's', mode: 'command' }), 'write');
  assert.equal(replay(op.REQUEST_QUERY, { statement: 's', mode: 'script' }), 'write');
  for (const mode of ['query', 'command', 'script'])
    assert.equal(replay(op.REQUEST_SERVER_QUERY, { statement: 's', mode }), 'write');
  assert.equal(replay(op.REQUEST_QUERY_NEXT_PAGE, { queryId: 'q' }), 'cursor');
  for (const o of [
    op.REQUEST_RECORD_CREATE,
    op.REQUEST_RECORD_UPDATE,
    op.REQUEST_RECORD_DELETE,
    op.REQUEST_TX_BEGIN,
    op.REQUEST_TX_COMMIT,
    op.REQUEST_TX_ROLLBACK,
    op.REQUEST_DB_CREATE,
    op.REQUEST_DB_DROP,
    op.SUBSCRIBE_PUSH,
    op.REQUEST_DB_FREEZE,
    op.REQUEST_DB_RELEASE,
    op.REQUEST_SHUTDOWN,
  ]) {
    assert.equal(replay(o, {}), 'write', operationOf(o)!.name);
  }
  for (const o of [op.REQUEST_CONNECT, op.REQUEST_DB_OPEN, op.REQUEST_DB_REOPEN, op.REQUEST_HANDSHAKE])
    assert.equal(replay(o, {}), 'login');
  assert.equal(replay(op.REQUEST_DB_CLOSE), 'close');
});

test('answered: not for the handshake, DB_CLOSE, nor record writes in no-response mode', () => {
  const answered = (opcode: number, args?: unknown) => operationOf(opcode)!.answered(args);
  assert.equal(answered(op.REQUEST_HANDSHAKE, {}), false);
  assert.equal(answered(op.REQUEST_DB_CLOSE), false);
  for (const o of [op.REQUEST_RECORD_CREATE, op.REQUEST_RECORD_UPDATE, op.REQUEST_RECORD_DELETE]) {
    assert.equal(answered(o, { mode: 2 }), false);
    assert.equal(answered(o, { mode: 0 }), true);
    assert.equal(answered(o, {}), true);
  }
  for (const o of [op.REQUEST_QUERY, op.REQUEST_TX_COMMIT, op.REQUEST_DB_FREEZE, op.REQUEST_CONNECT])
    assert.equal(answered(o, {}), true);
});

test('scopes and families', () => {
  assert.equal(operationOf(op.REQUEST_HANDSHAKE)!.scope, 'none');
  assert.equal(operationOf(op.REQUEST_CONNECT)!.scope, 'login');
  assert.equal(operationOf(op.REQUEST_DB_OPEN)!.scope, 'login');
  for (const o of [
    op.REQUEST_DB_CREATE,
    op.REQUEST_DB_DROP,
    op.REQUEST_DB_EXIST,
    op.REQUEST_DB_LIST,
    op.REQUEST_SERVER_INFO,
    op.REQUEST_SERVER_QUERY,
    op.REQUEST_DB_FREEZE,
    op.REQUEST_DB_RELEASE,
  ])
    assert.equal(operationOf(o)!.scope, 'server');
  for (const o of [
    op.REQUEST_QUERY,
    op.REQUEST_DB_SIZE,
    op.REQUEST_RECORD_LOAD,
    op.REQUEST_TX_COMMIT,
    op.SUBSCRIBE_PUSH,
  ]) {
    assert.equal(operationOf(o)!.scope, 'database');
  }
  assert.equal(DB_FREEZE.family, 'admin');
  assert.equal(operationOf(op.SUBSCRIBE_PUSH)!.family, 'live');
});

const TOKEN = 'a1b2c3d4';

test('DB_OPEN after a handshake, hand-built: 3, session -1, null token, database user password', () => {
  const data = hex('03' + i32(-1) + 'ffffffff' + str('demo') + str('admin') + str('secret'));
  const q = readRequest(data, 'handshake');
  assert.equal(q.opcode, op.REQUEST_DB_OPEN);
  assert.equal(q.sessionId, -1);
  assert.equal(q.token, null);
  assert.deepEqual(q.args, { database: 'demo', user: 'admin', password: 'secret' });
  assert.equal(q.end, data.length);
  const w = new Writer();
  encodeRequestHeader(w, op.REQUEST_DB_OPEN, -1, null);
  operationOf(op.REQUEST_DB_OPEN)!.write(w, q.args);
  assert.equal(toHex(w.finish()), toHex(data));
});

const LEGACY_36 = {
  driverName: 'PyOrient',
  driverVersion: '1.5.5',
  protocolVersion: 36,
  clientId: null,
  serializationImpl: 'ORecordSerializerBinary',
  tokenSession: true,
  supportPush: false,
  collectStats: true,
};
const legacyHead = (v: number, tokenSession = '01', push = '00', stats = '01') =>
  str('PyOrient') +
  str('1.5.5') +
  i16(v) +
  str(null) +
  str('ORecordSerializerBinary') +
  (v > 26 ? tokenSession : '') +
  (v > 33 ? push + stats : '');

test('DB_OPEN without a handshake, hand-built: no token field, the driver fields before the database', () => {
  const data = hex('03' + i32(-1) + legacyHead(36) + str('demo') + str('admin') + str('secret'));
  const q = readRequest(data, 'legacy');
  assert.equal(q.token, null);
  assert.deepEqual(q.args, { database: 'demo', user: 'admin', password: 'secret', legacy: LEGACY_36 });
  assert.equal(q.end, data.length);
  assert.equal(toHex(body(operationOf(op.REQUEST_DB_OPEN)!, q.args, 'legacy')), toHex(data.subarray(5)));
});

test('DB_OPEN without a handshake at protocol 32 carries dbType; at 26 no token, push or stats flags', () => {
  const v32 = hex('03' + i32(-1) + legacyHead(32) + str('demo') + str('graph') + str('admin') + str('secret'));
  assert.deepEqual(readRequest(v32, 'legacy').args, {
    database: 'demo',
    user: 'admin',
    password: 'secret',
    legacy: { ...LEGACY_36, protocolVersion: 32, supportPush: true, dbType: 'graph' },
  });
  const v26 = hex('03' + i32(-1) + legacyHead(26) + str('demo') + str(null) + str('admin') + str('secret'));
  assert.deepEqual(readRequest(v26, 'legacy').args, {
    database: 'demo',
    user: 'admin',
    password: 'secret',
    legacy: { ...LEGACY_36, protocolVersion: 26, tokenSession: false, supportPush: true, dbType: null },
  });
});

test('CONNECT without a handshake, hand-built: driver fields, then user and password', () => {
  const data = hex('02' + i32(-1) + legacyHead(36) + str('root') + str('pw'));
  const q = readRequest(data, 'legacy');
  assert.equal(q.sessionId, -1);
  assert.equal(q.token, null);
  assert.deepEqual(q.args, { user: 'root', password: 'pw', legacy: LEGACY_36 });
  assert.equal(toHex(body(operationOf(op.REQUEST_CONNECT)!, q.args, 'legacy')), toHex(data.subarray(5)));
  assert.throws(
    () => body(operationOf(op.REQUEST_CONNECT)!, { user: 'root', password: 'pw' }, 'legacy'),
    /legacy login fields/,
  );
});

test('QUERY, hand-built: language, statement, mode, page size, null reserved string, params, named flag', () => {
  const params = '00' + '02' + '0c' + '706172616d73' + '0c' + '00';
  const data = hex(
    '2d' + i32(7) + bytes(TOKEN) + str('sql') + str('select 1') + '01' + i32(100) + 'ffffffff' + bytes(params) + '01',
  );
  const q = readRequest(data, 'handshake');
  assert.equal(q.sessionId, 7);
  assert.equal(toHex(q.token!), TOKEN);
  assert.deepEqual(q.args, {
    language: 'sql',
    statement: 'select 1',
    mode: 'query',
    pageSize: 100,
    params: hex(params),
    namedParams: true,
  });
  assert.equal(q.end, data.length);
});

const TX_ENTRIES =
  '01' +
  '03' +
  i16(-1) +
  i64(-2) +
  '64' +
  bytes('aabb') +
  '01' +
  '01' +
  i16(9) +
  i64(4) +
  '64' +
  i32(3) +
  bytes('cc') +
  '00' +
  '01' +
  '02' +
  i16(9) +
  i64(5) +
  '64' +
  i32(7) +
  '00';
const TX_OPS = [
  { type: 'create', rid: new RecordId(-1, -2), recordType: 100, content: hex('aabb') },
  { type: 'update', rid: new RecordId(9, 4), recordType: 100, version: 3, content: hex('cc'), contentChanged: false },
  { type: 'delete', rid: new RecordId(9, 5), recordType: 100, version: 7 },
];

test('TX_COMMIT after a handshake, hand-built: txId hasContent usingLog, entries, end marker, no index changes', () => {
  const data = hex('3c' + i32(5) + bytes(TOKEN) + i32(12) + '01' + '01' + TX_ENTRIES + i32(0));
  const q = readRequest(data, 'handshake');
  assert.deepEqual(q.args, { txId: 12, operations: TX_OPS, usingLog: true });
  assert.equal(q.end, data.length);
  const empty = hex('3c' + i32(5) + bytes(TOKEN) + i32(13) + '00' + '01');
  assert.deepEqual(readRequest(empty, 'handshake').args, { txId: 13, operations: null, usingLog: true });
});

test('TX_COMMIT without a handshake, hand-built (OCommitRequest): no hasContent, index changes as document bytes', () => {
  const data = hex('3c' + i32(-1) + bytes(TOKEN) + i32(12) + '00' + TX_ENTRIES + bytes('00ff'));
  const q = readRequest(data, 'legacy');
  assert.equal(toHex(q.token!), TOKEN);
  assert.deepEqual(q.args, { txId: 12, operations: TX_OPS, usingLog: false, indexChanges: hex('00ff') });
  assert.equal(q.end, data.length);
});

test('TX_COMMIT index changes from another client are walked and kept as sent', () => {
  // one index "ix", not cleared, two keys: a null key with one PUT, an INTEGER key 5 with a CLEAR and a REMOVE
  const section =
    i32(1) +
    str('ix') +
    '00' +
    i32(2) +
    'ff' +
    i32(1) +
    i32(0) +
    i16(9) +
    i64(1) +
    '01' +
    bytes('0a') +
    i32(2) +
    i32(2) +
    i32(1) +
    i16(9) +
    i64(2);
  const data = hex(i32(1) + '01' + '01' + '00' + section);
  const args = decodeAtEverySplit(data, operationOf(op.REQUEST_TX_COMMIT)!.requestReader('handshake'));
  assert.deepEqual(args, { txId: 1, operations: [], usingLog: true, indexChanges: hex(section) });
  assert.equal(toHex(body(operationOf(op.REQUEST_TX_COMMIT)!, args, 'handshake')), toHex(data));
  const bad = hex(i32(1) + '01' + '01' + '00' + i32(1) + str('ix') + '00' + i32(1) + 'ff' + i32(1) + i32(9));
  assert.throws(() => operationOf(op.REQUEST_TX_COMMIT)!.requestReader('handshake')(new Reader(bad)), ProtocolError);
});

test('DB_FREEZE (94) and DB_RELEASE (95): name and storage type; empty answers', () => {
  assert.equal(op.REQUEST_DB_FREEZE, 94);
  assert.equal(op.REQUEST_DB_RELEASE, 95);
  for (const [codec, opcode] of [
    [DB_FREEZE, '5e'],
    [DB_RELEASE, '5f'],
  ] as const) {
    const data = hex(opcode + i32(3) + bytes(TOKEN) + str('demo') + str('plocal'));
    const q = readRequest(data, 'handshake');
    const operation = operationOf(codec.opcode)!;
    assert.equal(q.operation, operation);
    assert.equal(operation.write, codec.write, 'the table joins the codec the client sends with');
    assert.deepEqual(q.args, { name: 'demo', storageType: 'plocal' });
    const r = new Reader(new Uint8Array(0));
    assert.equal(operation.readAnswer(r), undefined);
    assert.equal(operation.replay(q.args), 'write');
    assert.equal(operation.scope, 'server');
    assert.equal(toHex(body(operation, { name: 'demo' }, 'handshake')), toHex(hex(str('demo') + str('plocal'))));
  }
});

test('operations the legacy factory lacks refuse to be read without a handshake', () => {
  for (const o of [op.REQUEST_TX_BEGIN, op.REQUEST_TX_ROLLBACK, op.SUBSCRIBE_PUSH, op.UNSUBSCRIBE_PUSH]) {
    assert.throws(() => operationOf(o)!.requestReader('legacy'), ProtocolError, operationOf(o)!.name);
  }
});

test('bodies the client never writes are refused: unknown query mode, push kind, tx entry type', () => {
  const query = hex(str('sql') + str('x') + '07' + i32(1) + 'ffffffff' + bytes('') + '00');
  assert.throws(() => operationOf(op.REQUEST_QUERY)!.requestReader('handshake')(new Reader(query)), /operation type 7/);
  const kind = hex('03');
  assert.throws(() => operationOf(op.SUBSCRIBE_PUSH)!.requestReader('handshake')(new Reader(kind)), /push kind 3/);
  const entry = hex(i32(1) + '01' + '01' + '01' + '09' + i16(1) + i64(1) + '64');
  assert.throws(
    () => operationOf(op.REQUEST_TX_COMMIT)!.requestReader('handshake')(new Reader(entry)),
    /unknown type 9/,
  );
});
