// The "collection changes" tail of record and commit responses: link bags that moved to (or changed
// in) a server-side B-tree during the operation (OMessageHelper.writeCollectionChanges).
import type { Reader } from '../reader.js';

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
