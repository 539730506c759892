// UNSUBSCRIBE_PUSH (101) for a live query; the server then ends the subscription with an END push.
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import { UNSUBSCRIBE_PUSH_LIVE_QUERY } from './opcodes.js';

/** kind:byte(2) monitorId:int */
export function encodeLiveQueryUnsubscribeRequest(w: Writer, monitorId: number): void {
  w.byte(UNSUBSCRIBE_PUSH_LIVE_QUERY).int(monitorId);
}

/** (empty body) */
export function decodeLiveQueryUnsubscribeResponse(_r: Reader): void {}
