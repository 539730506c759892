// The live family: SUBSCRIBE_PUSH (100) and UNSUBSCRIBE_PUSH (101) for live queries. The server answers a
// subscription with a monitor id, then pushes events (push id 81, see ../push.ts) on the socket that subscribed.
import { ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import { SUBSCRIBE_PUSH, SUBSCRIBE_PUSH_LIVE_QUERY, UNSUBSCRIBE_PUSH, UNSUBSCRIBE_PUSH_LIVE_QUERY } from './opcodes.js';
import { handshakeOnly, readText, type OperationCodec, type RequestReader } from './operation.js';

/**
 * kind:byte(2) query:string params:bytes namedParams:boolean
 * params: an onet_ser_v37 document with one EMBEDDEDMAP field `params` (as for QUERY); a leading
 * "LIVE " in the query is stripped by the server.
 */
function encodeLiveQuerySubscribeRequest(w: Writer, query: string, params: Uint8Array, namedParams: boolean): void {
  w.byte(SUBSCRIBE_PUSH_LIVE_QUERY).string(query).bytesField(params).bool(namedParams);
}

/** monitorId:int */
function decodeLiveQuerySubscribeResponse(r: Reader): number {
  return r.int();
}

/** kind:byte(2) monitorId:int; the server then ends the subscription with an END push */
function encodeLiveQueryUnsubscribeRequest(w: Writer, monitorId: number): void {
  w.byte(UNSUBSCRIBE_PUSH_LIVE_QUERY).int(monitorId);
}

/** (empty body) */
function decodeLiveQueryUnsubscribeResponse(_r: Reader): void {}

/** The push kind byte both requests start with; this table reads live query subscriptions only. */
function liveQueryKind(r: Reader, name: string, expected: number): void {
  const kind = r.byte();
  if (kind !== expected)
    throw new ProtocolError(`${name} of push kind ${kind}: only live queries (${expected}) are read`);
}

export interface LiveSubscribeArgs {
  query: string;
  /** Encoded parameters, as for QUERY. */
  params: Uint8Array;
  namedParams: boolean;
}

export const SUBSCRIBE_LIVE_QUERY: OperationCodec<LiveSubscribeArgs, number> = {
  opcode: SUBSCRIBE_PUSH,
  name: 'SUBSCRIBE_PUSH',
  family: 'live',
  scope: 'database',
  replay: () => 'write',
  answered: () => true,
  write: (w, a) => encodeLiveQuerySubscribeRequest(w, a.query, a.params, a.namedParams),
  readAnswer: decodeLiveQuerySubscribeResponse,
};

export const SUBSCRIBE_LIVE_QUERY_REQUEST_READER: RequestReader<LiveSubscribeArgs> = handshakeOnly(
  'SUBSCRIBE_PUSH',
  () => (r: Reader) => {
    liveQueryKind(r, 'SUBSCRIBE_PUSH', SUBSCRIBE_PUSH_LIVE_QUERY);
    const query = readText(r);
    const params = r.bytesField() ?? new Uint8Array(0);
    return { query, params, namedParams: r.bool() };
  },
);

export const UNSUBSCRIBE_LIVE_QUERY: OperationCodec<{ monitorId: number }, void> = {
  opcode: UNSUBSCRIBE_PUSH,
  name: 'UNSUBSCRIBE_PUSH',
  family: 'live',
  scope: 'database',
  replay: () => 'read',
  answered: () => true,
  write: (w, a) => encodeLiveQueryUnsubscribeRequest(w, a.monitorId),
  readAnswer: decodeLiveQueryUnsubscribeResponse,
};

export const UNSUBSCRIBE_LIVE_QUERY_REQUEST_READER: RequestReader<{ monitorId: number }> = handshakeOnly(
  'UNSUBSCRIBE_PUSH',
  () => (r: Reader) => {
    liveQueryKind(r, 'UNSUBSCRIBE_PUSH', UNSUBSCRIBE_PUSH_LIVE_QUERY);
    return { monitorId: r.int() };
  },
);
