// REQUEST_RECORD_CREATE (31): store a new record; the server assigns its RID.
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { readCollectionChanges, type CollectionChange } from './record-collection-changes.js';
import { readFrameRid } from './record-rid.js';

/** mode 0: synchronous reply; 2: no reply at all (fire and forget). */
export const RECORD_MODE_SYNC = 0;
export const RECORD_MODE_NO_RESPONSE = 2;

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
