// The records family: REQUEST_RECORD_LOAD (30), _CREATE (31), _UPDATE (32), _DELETE (33); RIDs as frames
// carry them, and the collection changes that record and commit answers end with.
import { ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';

/** mode 0: synchronous reply; 2: no reply at all (fire and forget). */
export const RECORD_MODE_SYNC = 0;
export const RECORD_MODE_NO_RESPONSE = 2;

/**
 * clusterId:short clusterPosition:long
 * Fixed-width big-endian, as OChannelBinary.writeRID writes RIDs in frames (not inside records).
 */
export function writeFrameRid(w: Writer, rid: RecordId): void {
  w.short(rid.cluster).long(rid.position);
}

/** clusterId:short clusterPosition:long */
export function readFrameRid(r: Reader): RecordId {
  const cluster = r.short();
  const position = r.long();
  return new RecordId(cluster, position);
}

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
export function encodeRecordLoadRequest(
  w: Writer, rid: RecordId, fetchPlan = '', ignoreCache = false, loadTombstones = false,
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
export function decodeRecordLoadResponse(r: Reader): RecordLoadResult | null {
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
    if (classId === -3) { readFrameRid(r); continue; }
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
export function encodeRecordCreateRequest(
  w: Writer, clusterId: number, content: Uint8Array, recordType: number, mode = RECORD_MODE_SYNC,
): void {
  w.short(clusterId).bytesField(content).byte(recordType).byte(mode);
}

/** rid:(short,long) version:int collectionChanges */
export function decodeRecordCreateResponse(r: Reader): RecordCreateResult {
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
export function encodeRecordUpdateRequest(
  w: Writer, rid: RecordId, content: Uint8Array, version: number, recordType: number,
  mode = RECORD_MODE_SYNC, updateContent = true,
): void {
  writeFrameRid(w, rid);
  w.bool(updateContent).bytesField(content).int(version).byte(recordType).byte(mode);
}

/** version:int collectionChanges */
export function decodeRecordUpdateResponse(r: Reader): RecordUpdateResult {
  const version = r.int();
  const collectionChanges = readCollectionChanges(r);
  return { version, collectionChanges };
}

/** rid:(short,long) version:int mode:byte */
export function encodeRecordDeleteRequest(w: Writer, rid: RecordId, version: number, mode = RECORD_MODE_SYNC): void {
  writeFrameRid(w, rid);
  w.int(version).byte(mode);
}

/** deleted:boolean (false when the record did not exist) */
export function decodeRecordDeleteResponse(r: Reader): boolean {
  return r.bool();
}
