// The admin family: REQUEST_DB_CREATE (4), _DB_EXIST (6), _DB_DROP (7), _DB_COUNTRECORDS (9), _DB_LIST
// (74), _SERVER_INFO (75), _DB_FREEZE (94), _DB_RELEASE (95) and REQUEST_SHUTDOWN (1). REQUEST_DB_SIZE
// (8), the session's probe, has a file of its own (db-size.ts), and REQUEST_DB_RELOAD (73), which every
// session asks for its database's time zone, is beside the storage configuration it answers
// (storage-configuration.ts): a browser page sends those two on every session, the rest only with the
// administration calls that load this file.
import { ProtocolError } from '../../errors.js';
import { readDocument } from '../document.js';
import { Incomplete, Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import {
  REQUEST_DB_COUNTRECORDS,
  REQUEST_DB_CREATE,
  REQUEST_DB_DROP,
  REQUEST_DB_EXIST,
  REQUEST_DB_FREEZE,
  REQUEST_DB_LIST,
  REQUEST_DB_RELEASE,
  REQUEST_SERVER_INFO,
  REQUEST_SHUTDOWN,
} from './opcodes.js';
import {
  readText,
  type OperationCodec,
  type RequestReader,
  type OperationScope,
  type ReplayClass,
} from './operation.js';

export type StorageType = 'memory' | 'plocal';

/** name:string dbType:string('graph'|'document', ignored by 3.2) storage:string backupPath:string('' = create) */
function encodeDbCreateRequest(
  w: Writer,
  name: string,
  storage: StorageType,
  type: 'graph' | 'document' = 'graph',
  backupPath = '',
): void {
  w.string(name).string(type).string(storage).string(backupPath);
}

/** (empty body) */
function decodeDbCreateResponse(_r: Reader): void {}

/** exists:boolean */
function decodeDbExistResponse(r: Reader): boolean {
  return r.bool();
}

/** (empty body) */
function decodeDbDropResponse(_r: Reader): void {}

/** count:long */
function decodeDbCountRecordsResponse(r: Reader): number | bigint {
  return r.long();
}

/** content:bytes, an onet_ser_v37 document { databases: EMBEDDEDMAP name → "remote:<address>/<name>" } */
function decodeDbListResponse(r: Reader): Record<string, string> {
  const bytes = r.bytesField();
  if (!bytes) throw new ProtocolError('DB_LIST returned no document');
  let doc: Record<string, unknown>;
  try {
    doc = readDocument(new Reader(bytes));
  } catch (e) {
    if (e instanceof Incomplete) throw new ProtocolError('DB_LIST: truncated document');
    throw e;
  }
  const databases = (doc['databases'] ?? {}) as Record<string, unknown>;
  const out: Record<string, string> = {};
  for (const [name, url] of Object.entries(databases)) out[name] = String(url);
  return out;
}

/** info:string (JSON) */
function decodeServerInfoResponse(r: Reader): string {
  return r.string() ?? '';
}

/** An operation with an empty body: (empty body) */
function bodiless<Answer>(
  opcode: number,
  name: string,
  scope: OperationScope,
  replay: ReplayClass,
  readAnswer: (r: Reader) => Answer,
): OperationCodec<void, Answer> {
  return {
    opcode,
    name,
    family: 'admin',
    scope,
    replay: () => replay,
    answered: () => true,
    write: () => undefined,
    readAnswer,
  };
}

/** The request reader of an operation with an empty body. */
export const BODILESS_REQUEST_READER: RequestReader<void> = () => () => undefined;

export interface DbCreateArgs {
  name: string;
  storage: StorageType;
  /** 'graph' (default) or 'document'; ignored by 3.2. */
  type?: 'graph' | 'document';
  /** '' (default) creates an empty database; otherwise the backup to restore from. */
  backupPath?: string;
}

export const DB_CREATE: OperationCodec<DbCreateArgs, void> = {
  opcode: REQUEST_DB_CREATE,
  name: 'REQUEST_DB_CREATE',
  family: 'admin',
  scope: 'server',
  replay: () => 'write',
  answered: () => true,
  write: (w, a) => encodeDbCreateRequest(w, a.name, a.storage, a.type, a.backupPath),
  readAnswer: decodeDbCreateResponse,
};

export const DB_CREATE_REQUEST_READER: RequestReader<DbCreateArgs> = () => (r) => {
  const name = readText(r);
  const type = readText(r) as DbCreateArgs['type'];
  return { name, type, storage: readText(r) as StorageType, backupPath: readText(r) };
};

/** name:string storageType:string, as DB_EXIST, DB_DROP, DB_FREEZE and DB_RELEASE send them */
export interface DbNameArgs {
  name: string;
  /** 'plocal' when omitted. */
  storageType?: string;
}

function nameAndStorage<Answer>(
  opcode: number,
  name: string,
  replay: ReplayClass,
  readAnswer: (r: Reader) => Answer,
): OperationCodec<DbNameArgs, Answer> {
  return {
    opcode,
    name,
    family: 'admin',
    scope: 'server',
    replay: () => replay,
    answered: () => true,
    write: (w, a) => {
      w.string(a.name).string(a.storageType ?? 'plocal');
    },
    readAnswer,
  };
}

/** The request reader of DB_EXIST, DB_DROP, DB_FREEZE and DB_RELEASE. */
export const NAME_AND_STORAGE_REQUEST_READER: RequestReader<DbNameArgs> = () => (r) => ({
  name: readText(r),
  storageType: readText(r),
});

export const DB_EXIST = /* @__PURE__ */ nameAndStorage(
  REQUEST_DB_EXIST,
  'REQUEST_DB_EXIST',
  'read',
  decodeDbExistResponse,
);
export const DB_DROP = /* @__PURE__ */ nameAndStorage(
  REQUEST_DB_DROP,
  'REQUEST_DB_DROP',
  'write',
  decodeDbDropResponse,
);
/** Flushes and locks the storage against writes until DB_RELEASE (OFreezeDatabaseRequest); empty answer. */
export const DB_FREEZE = /* @__PURE__ */ nameAndStorage(
  REQUEST_DB_FREEZE,
  'REQUEST_DB_FREEZE',
  'write',
  () => undefined,
);
/** Lifts DB_FREEZE (OReleaseDatabaseRequest); empty answer. */
export const DB_RELEASE = /* @__PURE__ */ nameAndStorage(
  REQUEST_DB_RELEASE,
  'REQUEST_DB_RELEASE',
  'write',
  () => undefined,
);

export const DB_COUNTRECORDS = /* @__PURE__ */ bodiless(
  REQUEST_DB_COUNTRECORDS,
  'REQUEST_DB_COUNTRECORDS',
  'database',
  'read',
  decodeDbCountRecordsResponse,
);
export const DB_LIST = /* @__PURE__ */ bodiless(
  REQUEST_DB_LIST,
  'REQUEST_DB_LIST',
  'server',
  'read',
  decodeDbListResponse,
);
export const SERVER_INFO = /* @__PURE__ */ bodiless(
  REQUEST_SERVER_INFO,
  'REQUEST_SERVER_INFO',
  'server',
  'read',
  decodeServerInfoResponse,
);

/**
 * user:string password:string (a server user with the shutdown permission; session id -1) -> (empty body)
 * The server answers, then stops.
 */
export const SHUTDOWN: OperationCodec<{ user: string; password: string }, void> = {
  opcode: REQUEST_SHUTDOWN,
  name: 'REQUEST_SHUTDOWN',
  family: 'admin',
  scope: 'login',
  replay: () => 'write',
  answered: () => true,
  write: (w, a) => {
    w.string(a.user).string(a.password);
  },
  readAnswer: () => undefined,
};

export const SHUTDOWN_REQUEST_READER: RequestReader<{ user: string; password: string }> = () => (r) => ({
  user: readText(r),
  password: readText(r),
});
