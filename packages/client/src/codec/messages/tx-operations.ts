// The transaction body shared by TX_BEGIN (61) and TX_COMMIT (60) under 37/38: the client's tx id,
// then (optionally) every record operation with full content (OMessageHelper.writeTransactionEntry).
import { InvalidArgumentError } from '../../errors.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { writeFrameRid } from './record-rid.js';

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
