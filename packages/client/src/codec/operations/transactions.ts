// The transactions family: REQUEST_TX_BEGIN (61), REQUEST_TX_COMMIT (60), REQUEST_TX_ROLLBACK (64) under
// 37/38, and the transaction body BEGIN and COMMIT share (OMessageHelper.writeTransactionEntry).
import { InvalidArgumentError } from '../../errors.js';
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { readCollectionChanges, readFrameRid, writeFrameRid, type CollectionChange } from './records.js';

/** ORecordOperation types. */
export const TX_OP_UPDATED = 1;
export const TX_OP_DELETED = 2;
export const TX_OP_CREATED = 3;

export type TxOperation =
  | { type: 'create'; rid: RecordId; recordType: number; content: Uint8Array }
  | { type: 'update'; rid: RecordId; recordType: number; version: number; content: Uint8Array; contentChanged?: boolean }
  | { type: 'delete'; rid: RecordId; recordType: number; version: number };

/**
 * txId:int hasContent:boolean usingLog:boolean
 * if hasContent: ( 1:byte entry )* 0:byte indexChangeCount:int(0)
 * entry: opType:byte rid:(short,long) recordType:byte then
 *   CREATED(3): content:bytes | UPDATED(1): version:int content:bytes contentChanged:boolean | DELETED(2): version:int
 * A created record carries a temporary RID: cluster -1 (the server picks by class) or a real cluster,
 * and a position below -1 that is unique within the transaction; links to it use the same RID.
 * `operations === null` sends no content (hasContent false).
 */
export function encodeTxBody(w: Writer, txId: number, operations: readonly TxOperation[] | null, usingLog = true): void {
  w.int(txId).bool(operations !== null).bool(usingLog);
  if (operations === null) return;
  for (const op of operations) {
    w.byte(1);
    switch (op.type) {
      case 'create':
        w.byte(TX_OP_CREATED);
        writeFrameRid(w, op.rid);
        w.byte(op.recordType).bytesField(op.content);
        break;
      case 'update':
        w.byte(TX_OP_UPDATED);
        writeFrameRid(w, op.rid);
        w.byte(op.recordType).int(op.version).bytesField(op.content).bool(op.contentChanged ?? true);
        break;
      case 'delete':
        w.byte(TX_OP_DELETED);
        writeFrameRid(w, op.rid);
        w.byte(op.recordType).int(op.version);
        break;
      default:
        throw new InvalidArgumentError(`unknown transaction operation ${(op as { type: unknown }).type}`);
    }
  }
  w.byte(0);
  w.int(0);
}

export interface TxBeginResult {
  txId: number;
  /** RIDs the server re-assigned while beginning: [the RID the client sent, the RID now used]. */
  updatedRids: Array<[RecordId, RecordId]>;
}

/** the transaction body; `null` operations begin an empty transaction */
export function encodeTxBeginRequest(w: Writer, txId: number, operations: readonly TxOperation[] | null = null): void {
  encodeTxBody(w, txId, operations);
}

/** txId:int count:int ( clientRid:(short,long) serverRid:(short,long) )* */
export function decodeTxBeginResponse(r: Reader): TxBeginResult {
  const txId = r.int();
  const count = r.int();
  const updatedRids: Array<[RecordId, RecordId]> = [];
  for (let i = 0; i < count; i++) {
    const a = readFrameRid(r);
    const b = readFrameRid(r);
    updatedRids.push([a, b]);
  }
  return { txId, updatedRids };
}

export interface TxCommitResult {
  /** Each created record: the temporary RID it had in the transaction, its real RID and version. */
  created: Array<{ tempRid: RecordId; rid: RecordId; version: number }>;
  updated: Array<{ rid: RecordId; version: number }>;
  deleted: RecordId[];
  collectionChanges: CollectionChange[];
}

/** the transaction body; `null` operations commit what TX_BEGIN opened */
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

/** txId:int */
export function encodeTxRollbackRequest(w: Writer, txId: number): void {
  w.int(txId);
}

/** (empty body) */
export function decodeTxRollbackResponse(_r: Reader): void {}
