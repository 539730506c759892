// Request bytes as the client writes them (its operation table and frame header) and OrientDB binary
// tokens laid out by hand (OBinaryTokenPayloadImpl's layout, any signature), for tests of the policy.
import { type AnyOperation, operationOf } from '@orientdb-edge/client/protocol';
import { encodeRequestHeader } from '../../../client/src/codec/frame.js';
import { Writer } from '../../../client/src/codec/writer.js';

export function op(opcode: number): AnyOperation {
  const o = operationOf(opcode);
  if (!o) throw new Error(`no operation ${opcode}`);
  return o;
}

/** One request in handshake framing; the handshake itself has no header. */
export function requestBytes(opcode: number, args: unknown, sessionId = -1, token: Uint8Array | null = null): Buffer {
  const w = new Writer();
  if (opcode === 20) w.byte(20);
  else encodeRequestHeader(w, opcode, sessionId, token);
  op(opcode).write(w, args);
  return Buffer.from(w.finish());
}

export const HANDSHAKE_ARGS = { protocolVersion: 38, driverName: 'test', driverVersion: '0' };

export interface TokenFields {
  database?: string | null;
  cluster?: number;
  position?: number;
  serverUser?: string;
  expiresAt?: number;
}

/** A token whose payload says what `f` says, followed by 32 bytes standing for the signature. */
export function token(f: TokenFields = {}): Uint8Array {
  const out: number[] = [0, 0, 0];
  const i16 = (v: number) => out.push((v >> 8) & 0xff, v & 0xff);
  const i64 = (v: number) => {
    const b = BigInt.asUintN(64, BigInt(v));
    for (let s = 56n; s >= 0n; s -= 8n) out.push(Number((b >> s) & 0xffn));
  };
  const s16 = (v: string | null) => {
    if (v === null) return i16(-1);
    const e = [...new TextEncoder().encode(v)];
    i16(e.length);
    out.push(...e);
  };
  const database = f.database === undefined ? 'demo' : f.database;
  s16(database);
  out.push(database === null ? 0xff : 0);
  i16(f.serverUser ? -1 : (f.cluster ?? 5));
  i64(f.serverUser ? -1 : (f.position ?? 0));
  i64(f.expiresAt ?? Date.now() + 3_600_000);
  out.push(f.serverUser ? 1 : 0);
  if (f.serverUser) s16(f.serverUser);
  i16(38);
  s16('ORecordSerializerNetworkV37');
  s16('orientdb-edge');
  s16('0.1.0');
  for (let i = 0; i < 32; i++) out.push(i);
  return Uint8Array.from(out);
}
