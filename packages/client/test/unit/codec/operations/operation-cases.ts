// Arguments for every operation of the table, written and read back by the round-trip and scanner tests
// (`args` as a caller passes them, `read` what the request reader returns when that differs), and frame().
import { RecordId } from '../../../../src/codec/record-id.js';
import { encodeRequestHeader } from '../../../../src/codec/frame.js';
import { Writer } from '../../../../src/codec/writer.js';
import * as op from '../../../../src/codec/operations/opcodes.js';
import type { Framing } from '../../../../src/codec/operations/operation.js';
import { operationOf } from '../../../../src/codec/operations/table.js';

export interface Case {
  opcode: number;
  label: string;
  args: unknown;
  read?: unknown;
}

const params = Uint8Array.from([0, 2, 12, 0x70, 0x61, 0x72, 0x61, 0x6d, 0x73, 12, 2, 2, 0x61, 7, 6, 0x78]);
const content = Uint8Array.from({ length: 300 }, (_, i) => i & 0xff);
const rid = new RecordId(12, 34);
const bigRid = new RecordId(5, 2n ** 60n);

export const CASES: Case[] = [
  {
    opcode: op.REQUEST_HANDSHAKE,
    label: '38, empty error detail',
    args: { protocolVersion: 38, driverName: 'orientdb-edge', driverVersion: '0.1.0', encoding: 0, errorEncoding: 2 },
  },
  {
    opcode: op.REQUEST_HANDSHAKE,
    label: 'defaults',
    args: { protocolVersion: 37, driverName: 'd', driverVersion: 'v' },
    read: { protocolVersion: 37, driverName: 'd', driverVersion: 'v', encoding: 0, errorEncoding: 2 },
  },
  { opcode: op.REQUEST_CONNECT, label: 'root', args: { user: 'root', password: 'pässwörd' } },
  { opcode: op.REQUEST_DB_OPEN, label: 'demo', args: { database: 'demo', user: 'admin', password: 'admin' } },
  { opcode: op.REQUEST_DB_CLOSE, label: '', args: undefined },
  { opcode: op.REQUEST_DB_REOPEN, label: '', args: undefined },
  { opcode: op.REQUEST_SHUTDOWN, label: 'root', args: { user: 'root', password: 'pw' } },
  {
    opcode: op.REQUEST_DB_CREATE,
    label: 'memory',
    args: { name: 'x', storage: 'memory', type: 'document', backupPath: '' },
  },
  {
    opcode: op.REQUEST_DB_CREATE,
    label: 'defaults',
    args: { name: 'x', storage: 'plocal' },
    read: { name: 'x', storage: 'plocal', type: 'graph', backupPath: '' },
  },
  { opcode: op.REQUEST_DB_EXIST, label: '', args: { name: 'x', storageType: 'memory' } },
  {
    opcode: op.REQUEST_DB_DROP,
    label: 'default storage',
    args: { name: 'x' },
    read: { name: 'x', storageType: 'plocal' },
  },
  { opcode: op.REQUEST_DB_FREEZE, label: '', args: { name: 'x', storageType: 'plocal' } },
  { opcode: op.REQUEST_DB_RELEASE, label: '', args: { name: 'x', storageType: 'plocal' } },
  { opcode: op.REQUEST_DB_SIZE, label: '', args: undefined },
  { opcode: op.REQUEST_DB_COUNTRECORDS, label: '', args: undefined },
  { opcode: op.REQUEST_DB_RELOAD, label: '', args: undefined },
  { opcode: op.REQUEST_DB_LIST, label: '', args: undefined },
  { opcode: op.REQUEST_SERVER_INFO, label: '', args: undefined },
  {
    opcode: op.REQUEST_QUERY,
    label: 'query, named params',
    args: {
      statement: 'select from V where name = :a',
      mode: 'query',
      language: 'sql',
      pageSize: 100,
      params,
      namedParams: true,
    },
  },
  {
    opcode: op.REQUEST_QUERY,
    label: 'defaults',
    args: { statement: 'select 1' },
    read: {
      statement: 'select 1',
      mode: 'query',
      language: 'sql',
      pageSize: 100,
      params: new Uint8Array(0),
      namedParams: true,
    },
  },
  {
    opcode: op.REQUEST_QUERY,
    label: 'script',
    args: { statement: 'begin;\ncommit;', mode: 'script', language: 'sql', pageSize: -1, params, namedParams: false },
  },
  {
    opcode: op.REQUEST_SERVER_QUERY,
    label: 'command',
    args: {
      statement: 'create database x memory',
      mode: 'command',
      language: 'sql',
      pageSize: 10,
      params,
      namedParams: true,
    },
  },
  { opcode: op.REQUEST_QUERY_NEXT_PAGE, label: '', args: { queryId: '1_2', pageSize: 50 } },
  {
    opcode: op.REQUEST_QUERY_NEXT_PAGE,
    label: 'default page',
    args: { queryId: 'q' },
    read: { queryId: 'q', pageSize: 100 },
  },
  { opcode: op.REQUEST_CLOSE_QUERY, label: '', args: { queryId: '1_2' } },
  {
    opcode: op.REQUEST_RECORD_LOAD,
    label: '',
    args: { rid: bigRid, fetchPlan: '*:1', ignoreCache: true, loadTombstones: false },
  },
  {
    opcode: op.REQUEST_RECORD_LOAD,
    label: 'defaults',
    args: { rid },
    read: { rid, fetchPlan: '', ignoreCache: false, loadTombstones: false },
  },
  { opcode: op.REQUEST_RECORD_CREATE, label: '', args: { clusterId: -1, content, recordType: 100, mode: 0 } },
  { opcode: op.REQUEST_RECORD_CREATE, label: 'no response', args: { clusterId: 3, content, recordType: 98, mode: 2 } },
  {
    opcode: op.REQUEST_RECORD_UPDATE,
    label: '',
    args: { rid, content, version: 4, recordType: 100, mode: 0, updateContent: true },
  },
  {
    opcode: op.REQUEST_RECORD_UPDATE,
    label: 'defaults',
    args: { rid, content, version: 4, recordType: 100 },
    read: { rid, content, version: 4, recordType: 100, mode: 0, updateContent: true },
  },
  { opcode: op.REQUEST_RECORD_DELETE, label: '', args: { rid, version: 9, mode: 2 } },
  { opcode: op.REQUEST_TX_BEGIN, label: 'empty', args: { txId: 1, operations: null, usingLog: true } },
  { opcode: op.REQUEST_TX_BEGIN, label: 'with content', args: { txId: 2, operations: txOps(), usingLog: true } },
  {
    opcode: op.REQUEST_TX_COMMIT,
    label: 'of a begun transaction',
    args: { txId: 1, operations: null },
    read: { txId: 1, operations: null, usingLog: true },
  },
  { opcode: op.REQUEST_TX_COMMIT, label: 'with content', args: { txId: 3, operations: txOps(), usingLog: false } },
  { opcode: op.REQUEST_TX_ROLLBACK, label: '', args: { txId: 3 } },
  { opcode: op.SUBSCRIBE_PUSH, label: 'live query', args: { query: 'live select from V', params, namedParams: true } },
  { opcode: op.UNSUBSCRIBE_PUSH, label: 'live query', args: { monitorId: 77 } },
];

function txOps(n = 3) {
  const out = [];
  for (let i = 0; i < n; i++) {
    out.push(
      { type: 'create' as const, rid: new RecordId(-1, -2 - i), recordType: 100, content },
      {
        type: 'update' as const,
        rid: new RecordId(9, i),
        recordType: 100,
        version: i,
        content,
        contentChanged: i % 2 === 0,
      },
      { type: 'delete' as const, rid: new RecordId(9, 1000 + i), recordType: 100, version: 1 },
    );
  }
  return out;
}

const legacyLogin = {
  driverName: 'PyOrient',
  driverVersion: '1.5.5',
  protocolVersion: 36,
  clientId: 'c1',
  serializationImpl: 'ORecordSerializerBinary',
  tokenSession: true,
  supportPush: false,
  collectStats: false,
};

/** Operations without a handshake: the legacy bodies, then every operation whose body is the same. */
export const LEGACY_CASES: Case[] = [
  {
    opcode: op.REQUEST_CONNECT,
    label: 'with driver fields',
    args: { user: 'root', password: 'pw', legacy: legacyLogin },
  },
  {
    opcode: op.REQUEST_CONNECT,
    label: 'protocol 30',
    args: { user: 'root', password: 'pw', legacy: { ...legacyLogin, protocolVersion: 30 } },
    read: {
      user: 'root',
      password: 'pw',
      legacy: { ...legacyLogin, protocolVersion: 30, supportPush: true, collectStats: true },
    },
  },
  {
    opcode: op.REQUEST_DB_OPEN,
    label: 'with driver fields',
    args: { database: 'demo', user: 'admin', password: 'admin', legacy: legacyLogin },
  },
  {
    opcode: op.REQUEST_DB_OPEN,
    label: 'protocol 32 with a dbType',
    args: {
      database: 'demo',
      user: 'admin',
      password: 'admin',
      legacy: { ...legacyLogin, protocolVersion: 32, dbType: 'graph' },
    },
    read: {
      database: 'demo',
      user: 'admin',
      password: 'admin',
      legacy: { ...legacyLogin, protocolVersion: 32, dbType: 'graph', supportPush: true, collectStats: true },
    },
  },
  { opcode: op.REQUEST_TX_COMMIT, label: 'with content', args: { txId: 3, operations: txOps(), usingLog: true } },
  {
    opcode: op.REQUEST_TX_COMMIT,
    label: 'with index changes',
    args: { txId: 3, operations: txOps(1), usingLog: true, indexChanges: Uint8Array.from([0, 1, 2]) },
  },
  {
    opcode: op.REQUEST_TX_COMMIT,
    label: 'null operations',
    args: { txId: 4, operations: null },
    read: { txId: 4, operations: [], usingLog: true },
  },
  ...CASES.filter(
    (c) =>
      ![
        op.REQUEST_CONNECT,
        op.REQUEST_DB_OPEN,
        op.REQUEST_TX_COMMIT,
        op.REQUEST_TX_BEGIN,
        op.REQUEST_TX_ROLLBACK,
        op.SUBSCRIBE_PUSH,
        op.UNSUBSCRIBE_PUSH,
      ].includes(c.opcode),
  ),
];

export const TOKEN = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);

/** One whole request: header (none for the handshake) and body. */
export function frame(
  opcode: number,
  args: unknown,
  framing: Framing,
  sessionId = 7,
  token: Uint8Array | null = TOKEN,
): Uint8Array {
  const w = new Writer();
  if (opcode === op.REQUEST_HANDSHAKE) w.byte(opcode);
  else if (framing === 'handshake' || token) encodeRequestHeader(w, opcode, sessionId, token);
  else w.byte(opcode).int(sessionId);
  operationOf(opcode)!.write(w, args, framing);
  return w.finish();
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
