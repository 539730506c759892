// REQUEST_RECORD_UPDATE (32): replace a record's content, checked against its version (MVCC).
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { readCollectionChanges, type CollectionChange } from './record-collection-changes.js';
import { RECORD_MODE_SYNC } from './record-create.js';
import { writeFrameRid } from './record-rid.js';

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
