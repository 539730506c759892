// The opening exchange of docs/protocol.md: decoding and validating the client's hello, encoding the
// welcome. Both are single msgpack maps; anything else is a bad hello.
import { Packr, Unpackr } from 'msgpackr';
import { CLOSE } from './close-codes.js';

export const SUBPROTOCOL = 'orientdb-edge.v1';
export const PROTOCOL_VERSION = 1;
const MAX_HELLO_BYTES = 1024;

export interface Hello { v: number; resume?: string; upstream?: string }

export interface Welcome {
  v: number;
  resumeId: string;
  resumed: boolean;
  upstream: string;
  limits: { maxPayload: number; idleTimeoutMs: number; parkGraceMs: number };
}

export type HelloResult = { ok: true; hello: Hello } | { ok: false; code: number; reason: string };

const unpackr = new Unpackr({ mapsAsObjects: true, useRecords: false, moreTypes: false, int64AsType: 'number' });
const packr = new Packr({ useRecords: false, variableMapSize: true });

const bad = (reason: string): HelloResult => ({ ok: false, code: CLOSE.BAD_HELLO, reason });

export function decodeHello(data: Uint8Array, isBinary: boolean): HelloResult {
  if (!isBinary) return bad('hello must be a binary message');
  if (data.length === 0) return bad('empty hello');
  if (data.length > MAX_HELLO_BYTES) return bad('hello too large');
  let value: unknown;
  try { value = unpackr.unpack(data); } catch { return bad('hello is not one msgpack value'); }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || value instanceof Uint8Array || value instanceof Map) {
    return bad('hello is not a msgpack map');
  }
  const map = value as Record<string, unknown>;
  const v = map['v'];
  if (typeof v !== 'number' || !Number.isInteger(v)) return bad('hello has no integer v');
  if (v !== PROTOCOL_VERSION) return { ok: false, code: CLOSE.UNSUPPORTED_VERSION, reason: `unsupported version ${v}; this bridge speaks ${PROTOCOL_VERSION}` };
  const hello: Hello = { v };
  const resume = map['resume'];
  if (resume !== undefined && resume !== null) {
    if (typeof resume !== 'string' || resume.length === 0 || resume.length > 128) return bad('hello resume must be a non-empty string');
    hello.resume = resume;
  }
  const upstream = map['upstream'];
  if (upstream !== undefined && upstream !== null) {
    if (typeof upstream !== 'string' || upstream.length === 0 || upstream.length > 64) return bad('hello upstream must be a non-empty string');
    hello.upstream = upstream;
  }
  return { ok: true, hello };
}

export function encodeHello(hello: Hello): Uint8Array {
  return packr.pack(hello);
}

export function encodeWelcome(welcome: Welcome): Uint8Array {
  return packr.pack(welcome);
}

export function decodeWelcome(data: Uint8Array): Welcome {
  return unpackr.unpack(data) as Welcome;
}
