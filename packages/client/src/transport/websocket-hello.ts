// The bridge's opening exchange (packages/bridge/docs/protocol.md): the msgpack hello the client
// sends first and the welcome the bridge answers with. The only place msgpack is used.
import { decodeMsgpack, encodeMsgpack, type MsgpackValue } from '../codec/msgpack.js';
import { ProtocolError } from '../errors.js';

export const SUBPROTOCOL = 'orientdb-edge.v1';
export const HELLO_VERSION = 1;

export interface Welcome {
  resumeId: string;
  resumed: boolean;
  upstream: string;
  limits: { maxPayload?: number; idleTimeoutMs?: number; parkGraceMs?: number };
}

/** hello = map { v: 1, resume?: string, upstream?: string } */
export function encodeHello(options: { resumeId?: string; upstream?: string }): Uint8Array {
  const hello: Record<string, MsgpackValue> = { v: HELLO_VERSION };
  if (options.resumeId !== undefined) hello.resume = options.resumeId;
  if (options.upstream !== undefined) hello.upstream = options.upstream;
  return encodeMsgpack(hello);
}

/** welcome = map { v: 1, resumeId: string, resumed: bool, upstream: string, limits: map } */
export function decodeWelcome(bytes: Uint8Array): Welcome {
  let value: MsgpackValue;
  try {
    value = decodeMsgpack(bytes);
  } catch (cause) {
    throw new ProtocolError('the bridge welcome is not valid msgpack', { cause });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ProtocolError('the bridge welcome is not a map');
  const w = value as Record<string, unknown>;
  if (w.v !== HELLO_VERSION) throw new ProtocolError(`unsupported bridge welcome version ${String(w.v)}`);
  if (typeof w.resumeId !== 'string') throw new ProtocolError('the bridge welcome has no resumeId');
  const limits = typeof w.limits === 'object' && w.limits !== null ? w.limits as Welcome['limits'] : {};
  return { resumeId: w.resumeId, resumed: w.resumed === true, upstream: typeof w.upstream === 'string' ? w.upstream : '', limits };
}
