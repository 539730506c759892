// REQUEST_TX_BEGIN (61): open a server-side transaction on this session, so that later queries,
// commands and record operations run inside it until TX_COMMIT or TX_ROLLBACK.
import type { Reader } from '../reader.js';
import type { RecordId } from '../record-id.js';
import type { Writer } from '../writer.js';
import { readFrameRid } from './record-rid.js';
import { encodeTxBody, type TxOperation } from './tx-operations.js';

export interface TxBeginResult {
  txId: number;
  /** RIDs the server re-assigned while beginning: [the RID the client sent, the RID now used]. */
  updatedRids: Array<[RecordId, RecordId]>;
}

/** the transaction body of tx-operations.ts; `null` operations begin an empty transaction */
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
