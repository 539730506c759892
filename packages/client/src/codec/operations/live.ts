// The live family: SUBSCRIBE_PUSH (100) and UNSUBSCRIBE_PUSH (101) for live queries. The server answers a
// subscription with a monitor id, then pushes events (push id 81, see ../push.ts) on the socket that subscribed.
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import { SUBSCRIBE_PUSH_LIVE_QUERY, UNSUBSCRIBE_PUSH_LIVE_QUERY } from './opcodes.js';

/**
 * kind:byte(2) query:string params:bytes namedParams:boolean
 * params: an onet_ser_v37 document with one EMBEDDEDMAP field `params` (as for QUERY); a leading
 * "LIVE " in the query is stripped by the server.
 */
export function encodeLiveQuerySubscribeRequest(w: Writer, query: string, params: Uint8Array, namedParams: boolean): void {
  w.byte(SUBSCRIBE_PUSH_LIVE_QUERY).string(query).bytesField(params).bool(namedParams);
}

/** monitorId:int */
export function decodeLiveQuerySubscribeResponse(r: Reader): number {
  return r.int();
}

/** kind:byte(2) monitorId:int; the server then ends the subscription with an END push */
export function encodeLiveQueryUnsubscribeRequest(w: Writer, monitorId: number): void {
  w.byte(UNSUBSCRIBE_PUSH_LIVE_QUERY).int(monitorId);
}

/** (empty body) */
export function decodeLiveQueryUnsubscribeResponse(_r: Reader): void {}
