// REQUEST_TX_ROLLBACK (64): discard the session's server-side transaction (a no-op when none is active).
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** txId:int */
export function encodeTxRollbackRequest(w: Writer, txId: number): void {
  w.int(txId);
}

/** (empty body) */
export function decodeTxRollbackResponse(_r: Reader): void {}
