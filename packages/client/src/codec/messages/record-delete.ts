// REQUEST_RECORD_DELETE (33): delete a record, checked against its version (MVCC).
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { RECORD_MODE_SYNC } from './record-create.js';
import { writeFrameRid } from './record-rid.js';

/** rid:(short,long) version:int mode:byte */
export function encodeRecordDeleteRequest(w: Writer, rid: RecordId, version: number, mode = RECORD_MODE_SYNC): void {
  writeFrameRid(w, rid);
  w.int(version).byte(mode);
}

/** deleted:boolean (false when the record did not exist) */
export function decodeRecordDeleteResponse(r: Reader): boolean {
  return r.bool();
}
