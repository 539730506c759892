// The records family: REQUEST_RECORD_LOAD (30), _CREATE (31), _UPDATE (32), _DELETE (33), and the
// collection changes that record and commit answers end with.
import { ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { readFrameRid, writeFrameRid } from './frame-rid.js';
import { REQUEST_RECORD_CREATE, REQUEST_RECORD_DELETE, REQUEST_RECORD_LOAD, REQUEST_RECORD_UPDATE } from './opcodes.js';
import type { OperationCodec, RequestReader } from './operation.js';

/** mode 0: synchronous reply; 2: no reply at all (fire and forget). */
const RECORD_MODE_SYNC = 0;
const RECORD_MODE_NO_RESPONSE = 2;

/** A link bag that moved to (or changed in) a server-side B-tree (OMessageHelper.writeCollectionChanges). */
export interface CollectionChange {
  /** The bag's UUID, as two signed 64-bit halves (most significant first). */
  uuidHigh: number | bigint;
  uuidLow: number | bigint;
  fileId: number | bigint;
  pageIndex: number | bigint;
  pageOffset: number;
}

/** count:int ( uuidHigh:long uuidLow:long fileId:long pageIndex:long pageOffset:int )* */
export function readCollectionChanges(r: Reader): CollectionChange[] {
  const count = r.int();
  const out: CollectionChange[] = [];
  for (let i = 0; i < count; i++) {
    const uuidHigh = r.long();
    const uuidLow = r.long();
    const fileId = r.long();
    const pageIndex = r.long();
    const pageOffset = r.int();
    out.push({ uuidHigh, uuidLow, fileId, pageIndex, pageOffset });
  }
  return out;
}

export interface RawRecord {
  /** Record type byte: 'd' (100) document, 'b' (98) blob. */
  recordType: number;
  version: number;
  /** onet_ser_v37 content for a document, raw bytes for a blob (a view into the frame). */
  content: Uint8Array;
}

export interface PrefetchedRecord extends RawRecord {
  rid: RecordId;
}

export interface RecordLoadResult extends RawRecord {
  /** Records sent along because of the fetch plan ("client cache" entries). */
  prefetched: PrefetchedRecord[];
}

/**
 * rid:(short,long) fetchPlan:string ignoreCache:byte loadTombstones:byte
 * The fetch plan must not be null (the server dereferences it), so '' stands for "none".
 */
function encodeRecordLoadRequest(
  w: Writer,
  rid: RecordId,
  fetchPlan = '',
  ignoreCache = false,
  loadTombstones = false,
): void {
  writeFrameRid(w, rid);
  w.string(fetchPlan).bool(ignoreCache).bool(loadTombstones);
}

/**
 * found: 1:byte recordType:byte version:int content:bytes
 *        ( 2:byte classId:short(0) recordType:byte rid:(short,long) version:int content:bytes )* 0:byte
 * not found: 0:byte
 * A prefetched entry whose classId is -2 (null) or -3 (RID only) carries no record and is skipped.
 */
function decodeRecordLoadResponse(r: Reader): RecordLoadResult | null {
  const found = r.byte();
  if (found === 0) return null;
  if (found !== 1) throw new ProtocolError(`RECORD_LOAD: unexpected status byte ${found}`);
  const recordType = r.byte();
  const version = r.int();
  const content = r.bytesField() ?? new Uint8Array(0);
  const prefetched: PrefetchedRecord[] = [];
  for (;;) {
    const marker = r.byte();
    if (marker === 0) break;
    if (marker !== 2) throw new ProtocolError(`RECORD_LOAD: unexpected entry marker ${marker}`);
    const classId = r.short();
    if (classId === -2) continue;
    if (classId === -3) {
      readFrameRid(r);
      continue;
    }
    const type = r.byte();
    const rid = readFrameRid(r);
    const v = r.int();
    const bytes = r.bytesField() ?? new Uint8Array(0);
    prefetched.push({ recordType: type, rid, version: v, content: bytes });
  }
  return { recordType, version, content, prefetched };
}

export interface RecordCreateResult {
  rid: RecordId;
  version: number;
  collectionChanges: CollectionChange[];
}

/**
 * clusterId:short content:bytes recordType:byte mode:byte
 * clusterId -1 lets the server pick a cluster of the document's class.
 */
function encodeRecordCreateRequest(
  w: Writer,
  clusterId: number,
  content: Uint8Array,
  recordType: number,
  mode = RECORD_MODE_SYNC,
): void {
  w.short(clusterId).bytesField(content).byte(recordType).byte(mode);
}

/** rid:(short,long) version:int collectionChanges */
function decodeRecordCreateResponse(r: Reader): RecordCreateResult {
  const rid = readFrameRid(r);
  const version = r.int();
  const collectionChanges = readCollectionChanges(r);
  return { rid, version, collectionChanges };
}

export interface RecordUpdateResult {
  version: number;
  collectionChanges: CollectionChange[];
}

/**
 * rid:(short,long) updateContent:boolean content:bytes version:int recordType:byte mode:byte
 * The server merges the content into the stored document in replace mode: absent fields are removed.
 */
function encodeRecordUpdateRequest(
  w: Writer,
  rid: RecordId,
  content: Uint8Array,
  version: number,
  recordType: number,
  mode = RECORD_MODE_SYNC,
  updateContent = true,
): void {
  writeFrameRid(w, rid);
  w.bool(updateContent).bytesField(content).int(version).byte(recordType).byte(mode);
}

/** version:int collectionChanges */
function decodeRecordUpdateResponse(r: Reader): RecordUpdateResult {
  const version = r.int();
  const collectionChanges = readCollectionChanges(r);
  return { version, collectionChanges };
}

/** rid:(short,long) version:int mode:byte */
function encodeRecordDeleteRequest(w: Writer, rid: RecordId, version: number, mode = RECORD_MODE_SYNC): void {
  writeFrameRid(w, rid);
  w.int(version).byte(mode);
}

/** deleted:boolean (false when the record did not exist) */
function decodeRecordDeleteResponse(r: Reader): boolean {
  return r.bool();
}

export interface RecordLoadArgs {
  rid: RecordId;
  /** '' (default) for none. */
  fetchPlan?: string;
  ignoreCache?: boolean;
  loadTombstones?: boolean;
}

export const RECORD_LOAD: OperationCodec<RecordLoadArgs, RecordLoadResult | null> = {
  opcode: REQUEST_RECORD_LOAD,
  name: 'REQUEST_RECORD_LOAD',
  family: 'records',
  scope: 'database',
  replay: () => 'read',
  answered: () => true,
  write: (w, a) => encodeRecordLoadRequest(w, a.rid, a.fetchPlan, a.ignoreCache, a.loadTombstones),
  readAnswer: decodeRecordLoadResponse,
};

export const RECORD_LOAD_REQUEST_READER: RequestReader<RecordLoadArgs> = () => (r) => {
  const rid = readFrameRid(r);
  const fetchPlan = r.string() ?? '';
  return { rid, fetchPlan, ignoreCache: r.bool(), loadTombstones: r.bool() };
};

export interface RecordCreateArgs {
  /** -1 lets the server pick a cluster of the document's class. */
  clusterId: number;
  content: Uint8Array;
  recordType: number;
  /** RECORD_MODE_SYNC (default) or RECORD_MODE_NO_RESPONSE. */
  mode?: number;
}

export const RECORD_CREATE: OperationCodec<RecordCreateArgs, RecordCreateResult> = {
  opcode: REQUEST_RECORD_CREATE,
  name: 'REQUEST_RECORD_CREATE',
  family: 'records',
  scope: 'database',
  replay: () => 'write',
  answered: (a) => a.mode !== RECORD_MODE_NO_RESPONSE,
  write: (w, a) => encodeRecordCreateRequest(w, a.clusterId, a.content, a.recordType, a.mode),
  readAnswer: decodeRecordCreateResponse,
};

export const RECORD_CREATE_REQUEST_READER: RequestReader<RecordCreateArgs> = () => (r) => {
  const clusterId = r.short();
  const content = r.bytesField() ?? new Uint8Array(0);
  return { clusterId, content, recordType: r.byte(), mode: r.byte() };
};

export interface RecordUpdateArgs {
  rid: RecordId;
  content: Uint8Array;
  version: number;
  recordType: number;
  mode?: number;
  /** true (default): the content replaces the record's. */
  updateContent?: boolean;
}

export const RECORD_UPDATE: OperationCodec<RecordUpdateArgs, RecordUpdateResult> = {
  opcode: REQUEST_RECORD_UPDATE,
  name: 'REQUEST_RECORD_UPDATE',
  family: 'records',
  scope: 'database',
  replay: () => 'write',
  answered: (a) => a.mode !== RECORD_MODE_NO_RESPONSE,
  write: (w, a) => encodeRecordUpdateRequest(w, a.rid, a.content, a.version, a.recordType, a.mode, a.updateContent),
  readAnswer: decodeRecordUpdateResponse,
};

export const RECORD_UPDATE_REQUEST_READER: RequestReader<RecordUpdateArgs> = () => (r) => {
  const rid = readFrameRid(r);
  const updateContent = r.bool();
  const content = r.bytesField() ?? new Uint8Array(0);
  const version = r.int();
  return { rid, content, version, recordType: r.byte(), mode: r.byte(), updateContent };
};

export interface RecordDeleteArgs {
  rid: RecordId;
  version: number;
  mode?: number;
}

export const RECORD_DELETE: OperationCodec<RecordDeleteArgs, boolean> = {
  opcode: REQUEST_RECORD_DELETE,
  name: 'REQUEST_RECORD_DELETE',
  family: 'records',
  scope: 'database',
  replay: () => 'write',
  answered: (a) => a.mode !== RECORD_MODE_NO_RESPONSE,
  write: (w, a) => encodeRecordDeleteRequest(w, a.rid, a.version, a.mode),
  readAnswer: decodeRecordDeleteResponse,
};

export const RECORD_DELETE_REQUEST_READER: RequestReader<RecordDeleteArgs> = () => (r) => {
  const rid = readFrameRid(r);
  return { rid, version: r.int(), mode: r.byte() };
};
