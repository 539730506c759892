// REQUEST_RECORD_LOAD (30): one record by RID, with the records a fetch plan pulls in.
import { ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { readFrameRid, writeFrameRid } from './record-rid.js';

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
