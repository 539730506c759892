// The storage configuration of a database, as REQUEST_DB_RELOAD (73) answers it and
// REQUEST_PUSH_STORAGE_CONFIG pushes it (OStorageConfigurationPayload): one reader for both. DB_RELOAD is
// of the admin family, but every session asks it (its database's time zone, api/database-zone.ts), so it
// is here rather than in admin.ts, which loads with the administration calls.
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import { readFrameRid as readRid } from './frame-rid.js';
import { REQUEST_DB_RELOAD } from './opcodes.js';
import type { OperationCodec, RequestReader } from './operation.js';

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

/** (empty body) -> the storage configuration */
export const DB_RELOAD: OperationCodec<void, StorageConfiguration> = {
  opcode: REQUEST_DB_RELOAD,
  name: 'REQUEST_DB_RELOAD',
  family: 'admin',
  scope: 'database',
  replay: () => 'read',
  answered: () => true,
  write: () => undefined,
  readAnswer: decodeStorageConfiguration,
};

export const DB_RELOAD_REQUEST_READER: RequestReader<void> = () => () => undefined;
