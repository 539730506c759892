// REQUEST_TX_COMMIT (60) under 37/38: commit the session's server-side transaction (no content), or
// send every operation with full content and commit it in one request.
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { readCollectionChanges, type CollectionChange } from './record-collection-changes.js';
import { readFrameRid } from './record-rid.js';
import { encodeTxBody, type TxOperation } from './tx-operations.js';

export interface TxCommitResult {
  /** Each created record: the temporary RID it had in the transaction, its real RID and version. */
  created: Array<{ tempRid: RecordId; rid: RecordId; version: number }>;
  updated: Array<{ rid: RecordId; version: number }>;
  deleted: RecordId[];
  collectionChanges: CollectionChange[];
}

/** the transaction body of tx-operations.ts; `null` operations commit what TX_BEGIN opened */
export function encodeTxCommitRequest(w: Writer, txId: number, operations: readonly TxOperation[] | null): void {
  encodeTxBody(w, txId, operations);
}

/**
 * createdCount:int ( tempRid:(short,long) rid:(short,long) version:int )*
 * updatedCount:int ( rid:(short,long) version:int )*
 * deletedCount:int ( rid:(short,long) )*
 * collectionChanges
 */
export function decodeTxCommitResponse(r: Reader): TxCommitResult {
  const created: TxCommitResult['created'] = [];
  for (let n = r.int(); n > 0; n--) {
    const tempRid = readFrameRid(r);
    const rid = readFrameRid(r);
    const version = r.int();
    created.push({ tempRid, rid, version });
  }
  const updated: TxCommitResult['updated'] = [];
  for (let n = r.int(); n > 0; n--) {
    const rid = readFrameRid(r);
    const version = r.int();
    updated.push({ rid, version });
  }
  const deleted: RecordId[] = [];
  for (let n = r.int(); n > 0; n--) deleted.push(readFrameRid(r));
  const collectionChanges = readCollectionChanges(r);
  return { created, updated, deleted, collectionChanges };
}
