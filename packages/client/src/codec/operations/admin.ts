// The admin family: REQUEST_DB_CREATE (4), _DB_EXIST (6), _DB_DROP (7), _DB_SIZE (8), _DB_COUNTRECORDS (9),
// _DB_RELOAD (73) with the storage configuration it shares with REQUEST_PUSH_STORAGE_CONFIG (82),
// _DB_LIST (74), _SERVER_INFO (75), _DB_FREEZE (94), _DB_RELEASE (95) and REQUEST_SHUTDOWN (1).
import { ProtocolError } from '../../errors.js';
import { readDocument } from '../document.js';
import { Incomplete, Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import {
  REQUEST_DB_COUNTRECORDS,
  REQUEST_DB_CREATE,
  REQUEST_DB_DROP,
  REQUEST_DB_EXIST,
  REQUEST_DB_FREEZE,
  REQUEST_DB_LIST,
  REQUEST_DB_RELEASE,
  REQUEST_DB_RELOAD,
  REQUEST_DB_SIZE,
  REQUEST_SERVER_INFO,
  REQUEST_SHUTDOWN,
} from './opcodes.js';
import { readText, type Operation, type OperationScope, type ReplayClass } from './operation.js';
import { readFrameRid as readRid } from './records.js';

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

/** size:long */
function decodeDbSizeResponse(r: Reader): number | bigint {
  return r.long();
}

/** count:long */
function decodeDbCountRecordsResponse(r: Reader): number | bigint {
  return r.long();
}

export interface StorageConfiguration {
  dateFormat: string | null;
  dateTimeFormat: string | null;
  name: string | null;
  version: number;
  directory: string | null;
  properties: Array<{ name: string | null; value: string | null }>;
  schemaRecordId: RecordId;
  indexManagerRecordId: RecordId;
  clusterSelection: string | null;
  conflictStrategy: string | null;
  validation: boolean;
  localeLanguage: string | null;
  minimumClusters: number;
  strictSql: boolean;
  charset: string | null;
  timeZone: string | null;
  localeCountry: string | null;
  recordSerializer: string | null;
  recordSerializerVersion: number;
  binaryFormatVersion: number;
  clusters: Array<{ id: number; name: string | null }>;
}

/**
 * dateFormat:string dateTimeFormat:string name:string version:int directory:string
 * propCount:int (name:string value:string)* schemaRid:rid indexMgrRid:rid clusterSelection:string
 * conflictStrategy:string validation:bool localeLanguage:string minimumClusters:int strictSql:bool
 * charset:string timeZone:string localeCountry:string recordSerializer:string
 * recordSerializerVersion:int binaryFormatVersion:int clusterCount:int (id:int name:string)*
 */
export function decodeStorageConfiguration(r: Reader): StorageConfiguration {
  const dateFormat = r.string();
  const dateTimeFormat = r.string();
  const name = r.string();
  const version = r.int();
  const directory = r.string();
  const properties: StorageConfiguration['properties'] = [];
  for (let n = r.int(); n > 0; n--) properties.push({ name: r.string(), value: r.string() });
  const schemaRecordId = readRid(r);
  const indexManagerRecordId = readRid(r);
  const clusterSelection = r.string();
  const conflictStrategy = r.string();
  const validation = r.bool();
  const localeLanguage = r.string();
  const minimumClusters = r.int();
  const strictSql = r.bool();
  const charset = r.string();
  const timeZone = r.string();
  const localeCountry = r.string();
  const recordSerializer = r.string();
  const recordSerializerVersion = r.int();
  const binaryFormatVersion = r.int();
  const clusters: StorageConfiguration['clusters'] = [];
  for (let n = r.int(); n > 0; n--) clusters.push({ id: r.int(), name: r.string() });
  return {
    dateFormat,
    dateTimeFormat,
    name,
    version,
    directory,
    properties,
    schemaRecordId,
    indexManagerRecordId,
    clusterSelection,
    conflictStrategy,
    validation,
    localeLanguage,
    minimumClusters,
    strictSql,
    charset,
    timeZone,
    localeCountry,
    recordSerializer,
    recordSerializerVersion,
    binaryFormatVersion,
    clusters,
  };
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
): Operation<void, Answer> {
  return {
    opcode,
    name,
    family: 'admin',
    scope,
    replay: () => replay,
    answered: () => true,
    write: () => undefined,
    requestReader: () => () => undefined,
    readAnswer,
  };
}

export interface DbCreateArgs {
  name: string;
  storage: StorageType;
  /** 'graph' (default) or 'document'; ignored by 3.2. */
  type?: 'graph' | 'document';
  /** '' (default) creates an empty database; otherwise the backup to restore from. */
  backupPath?: string;
}

export const DB_CREATE: Operation<DbCreateArgs, void> = {
  opcode: REQUEST_DB_CREATE,
  name: 'REQUEST_DB_CREATE',
  family: 'admin',
  scope: 'server',
  replay: () => 'write',
  answered: () => true,
  write: (w, a) => encodeDbCreateRequest(w, a.name, a.storage, a.type, a.backupPath),
  requestReader: () => (r) => {
    const name = readText(r);
    const type = readText(r) as DbCreateArgs['type'];
    return { name, type, storage: readText(r) as StorageType, backupPath: readText(r) };
  },
  readAnswer: decodeDbCreateResponse,
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
): Operation<DbNameArgs, Answer> {
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
    requestReader: () => (r) => ({ name: readText(r), storageType: readText(r) }),
    readAnswer,
  };
}

export const DB_EXIST = nameAndStorage(REQUEST_DB_EXIST, 'REQUEST_DB_EXIST', 'read', decodeDbExistResponse);
export const DB_DROP = nameAndStorage(REQUEST_DB_DROP, 'REQUEST_DB_DROP', 'write', decodeDbDropResponse);
/** Flushes and locks the storage against writes until DB_RELEASE (OFreezeDatabaseRequest); empty answer. */
export const DB_FREEZE = nameAndStorage(REQUEST_DB_FREEZE, 'REQUEST_DB_FREEZE', 'write', () => undefined);
/** Lifts DB_FREEZE (OReleaseDatabaseRequest); empty answer. */
export const DB_RELEASE = nameAndStorage(REQUEST_DB_RELEASE, 'REQUEST_DB_RELEASE', 'write', () => undefined);

export const DB_SIZE = bodiless(REQUEST_DB_SIZE, 'REQUEST_DB_SIZE', 'database', 'read', decodeDbSizeResponse);
export const DB_COUNTRECORDS = bodiless(
  REQUEST_DB_COUNTRECORDS,
  'REQUEST_DB_COUNTRECORDS',
  'database',
  'read',
  decodeDbCountRecordsResponse,
);
export const DB_RELOAD = bodiless(
  REQUEST_DB_RELOAD,
  'REQUEST_DB_RELOAD',
  'database',
  'read',
  decodeStorageConfiguration,
);
export const DB_LIST = bodiless(REQUEST_DB_LIST, 'REQUEST_DB_LIST', 'server', 'read', decodeDbListResponse);
export const SERVER_INFO = bodiless(
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
export const SHUTDOWN: Operation<{ user: string; password: string }, void> = {
  opcode: REQUEST_SHUTDOWN,
  name: 'REQUEST_SHUTDOWN',
  family: 'admin',
  scope: 'login',
  replay: () => 'write',
  answered: () => true,
  write: (w, a) => {
    w.string(a.user).string(a.password);
  },
  requestReader: () => (r) => ({ user: readText(r), password: readText(r) }),
  readAnswer: () => undefined,
};
