// The bridge's opening exchange (packages/bridge/docs/protocol.md) for both ends: the hello a client sends
// first and the welcome the bridge answers with, one msgpack map each, checked the same way when written and
// when read. Which close code a bad hello earns is part of the format, so the hello decoder says it.
import { InvalidArgumentError, ProtocolError } from '../errors.js';
import { BRIDGE_CLOSE } from './bridge-close-codes.js';
import { decodeMsgpack, encodeMsgpack, type MsgpackValue } from './msgpack.js';

export const BRIDGE_SUBPROTOCOL = 'orientdb-edge.v1';
export const BRIDGE_PROTOCOL_VERSION = 1;
/** A bridge refuses larger hellos before reading them. */
const MAX_HELLO_BYTES = 1024;
const MAX_RESUME_ID = 128;
const MAX_UPSTREAM_NAME = 64;
/** OrientDB's binary tokens are about 100-200 bytes; the hello stays under MAX_HELLO_BYTES. */
const MAX_TOKEN = 768;

export interface BridgeHello {
  v: number;
  resume?: string;
  upstream?: string;
  /** With resume: the session's current token, which the bridge compares with the parked connection's. */
  token?: Uint8Array;
}

export interface BridgeLimits {
  maxPayload: number;
  idleTimeoutMs: number;
  parkGraceMs: number;
}

export interface BridgeWelcome {
  v: number;
  resumeId: string;
  resumed: boolean;
  upstream: string;
  limits: BridgeLimits;
  /**
   * The bridge process's id (not a secret), also the prefix of its resume ids before a '.': a client
   * presents it as `?bridge_instance=` on the upgrade that resumes, for a load balancer's affinity.
   */
  instance?: string;
}

export type BridgeHelloResult =
  | { ok: true; hello: BridgeHello }
  | { ok: false; code: typeof BRIDGE_CLOSE.BAD_HELLO | typeof BRIDGE_CLOSE.UNSUPPORTED_VERSION; reason: string };

type Fields = Record<string, unknown>;
type HelloFields = { readonly [K in keyof BridgeHello]?: unknown };
type WelcomeFields = { readonly [K in keyof BridgeWelcome]?: unknown };

const isMap = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
/** nil counts as absent. */
const absent = (value: unknown): value is undefined | null => value === undefined || value === null;
const isName = (value: unknown, max: number): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= max;
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;

/** What is wrong with a hello's fields, version aside, or undefined. */
function helloProblem(h: HelloFields): string | undefined {
  if (typeof h.v !== 'number' || !Number.isInteger(h.v)) return 'hello has no integer v';
  if (!absent(h.resume) && !isName(h.resume, MAX_RESUME_ID)) return 'hello resume must be a non-empty string';
  if (!absent(h.upstream) && !isName(h.upstream, MAX_UPSTREAM_NAME)) return 'hello upstream must be a non-empty string';
  if (!absent(h.token) && !(h.token instanceof Uint8Array && h.token.length > 0 && h.token.length <= MAX_TOKEN))
    return `hello token must be binary of 1-${MAX_TOKEN} bytes`;
  return undefined;
}

/** What is wrong with a welcome's fields, the version's value aside, or undefined. */
function welcomeProblem(w: WelcomeFields): string | undefined {
  if (typeof w.v !== 'number' || !Number.isInteger(w.v)) return 'has no integer v';
  if (!isName(w.resumeId, MAX_RESUME_ID)) return 'has no resumeId';
  if (typeof w.resumed !== 'boolean') return 'has no resumed flag';
  if (typeof w.upstream !== 'string' || w.upstream.length === 0) return 'has no upstream';
  const limits = w.limits;
  if (!isMap(limits) || !isCount(limits.maxPayload) || !isCount(limits.idleTimeoutMs) || !isCount(limits.parkGraceMs)) {
    return 'has no limits map with maxPayload, idleTimeoutMs and parkGraceMs';
  }
  if (!absent(w.instance) && !isName(w.instance, MAX_UPSTREAM_NAME)) return 'has an instance that is not a name';
  return undefined;
}

/**
 * hello = map { v: int, resume?: str (1-128 chars), upstream?: str (1-64 chars), token?: bin (1-768 bytes) },
 * absent fields left out.
 * Any integer v is written (a bridge answers another version with 4426).
 */
export function encodeBridgeHello(hello: BridgeHello): Uint8Array {
  const problem = helloProblem(hello);
  if (problem) throw new InvalidArgumentError(`bridge ${problem}`);
  const map: { [key: string]: MsgpackValue } = { v: hello.v };
  if (hello.resume !== undefined) map.resume = hello.resume;
  if (hello.upstream !== undefined) map.upstream = hello.upstream;
  if (hello.token !== undefined) map.token = hello.token;
  return encodeMsgpack(map);
}

/**
 * Reads a hello as a bridge does: at most 1024 bytes holding exactly one map with an integer v equal to
 * BRIDGE_PROTOCOL_VERSION (else 4426); unknown keys are ignored, nil counts as absent; anything else is 4400.
 */
export function decodeBridgeHello(bytes: Uint8Array): BridgeHelloResult {
  const bad = (reason: string): BridgeHelloResult => ({ ok: false, code: BRIDGE_CLOSE.BAD_HELLO, reason });
  if (bytes.length === 0) return bad('empty hello');
  if (bytes.length > MAX_HELLO_BYTES) return bad('hello too large');
  let value: unknown;
  try {
    value = decodeMsgpack(bytes);
  } catch {
    return bad('hello is not one msgpack value');
  }
  if (!isMap(value)) return bad('hello is not a msgpack map');
  if (typeof value.v === 'number' && Number.isInteger(value.v) && value.v !== BRIDGE_PROTOCOL_VERSION) {
    const reason = `unsupported version ${value.v}; this bridge speaks ${BRIDGE_PROTOCOL_VERSION}`;
    return { ok: false, code: BRIDGE_CLOSE.UNSUPPORTED_VERSION, reason };
  }
  const problem = helloProblem(value);
  if (problem) return bad(problem);
  const hello: BridgeHello = { v: BRIDGE_PROTOCOL_VERSION };
  if (!absent(value.resume)) hello.resume = value.resume as string;
  if (!absent(value.upstream)) hello.upstream = value.upstream as string;
  if (!absent(value.token)) hello.token = value.token as Uint8Array;
  return { ok: true, hello };
}

/**
 * welcome = map { v: int, resumeId: str (1-128 chars), resumed: bool, upstream: str,
 *                 limits: map { maxPayload: uint, idleTimeoutMs: uint, parkGraceMs: uint } }
 */
export function encodeBridgeWelcome(welcome: BridgeWelcome): Uint8Array {
  const problem = welcomeProblem(welcome);
  if (problem) throw new InvalidArgumentError(`bridge welcome ${problem}`);
  const { v, resumeId, resumed, upstream, limits, instance } = welcome;
  const map: { [key: string]: MsgpackValue } = {
    v,
    resumeId,
    resumed,
    upstream,
    limits: { maxPayload: limits.maxPayload, idleTimeoutMs: limits.idleTimeoutMs, parkGraceMs: limits.parkGraceMs },
  };
  if (instance !== undefined) map.instance = instance;
  return encodeMsgpack(map);
}

/** Reads a welcome (layout as above) with v equal to BRIDGE_PROTOCOL_VERSION; unknown keys are ignored. */
export function decodeBridgeWelcome(bytes: Uint8Array): BridgeWelcome {
  let value: unknown;
  try {
    value = decodeMsgpack(bytes);
  } catch (cause) {
    throw new ProtocolError('the bridge welcome is not valid msgpack', { cause });
  }
  if (!isMap(value)) throw new ProtocolError('the bridge welcome is not a map');
  if (value.v !== BRIDGE_PROTOCOL_VERSION) {
    throw new ProtocolError(`unsupported bridge welcome version ${String(value.v)}`);
  }
  const problem = welcomeProblem(value);
  if (problem) throw new ProtocolError(`the bridge welcome ${problem}`);
  const limits = value.limits as Fields;
  const welcome: BridgeWelcome = {
    v: BRIDGE_PROTOCOL_VERSION,
    resumeId: value.resumeId as string,
    resumed: value.resumed as boolean,
    upstream: value.upstream as string,
    limits: {
      maxPayload: limits.maxPayload as number,
      idleTimeoutMs: limits.idleTimeoutMs as number,
      parkGraceMs: limits.parkGraceMs as number,
    },
  };
  if (!absent(value.instance)) welcome.instance = value.instance as string;
  return welcome;
}

/**
 * The upgrade URL for a resume: `?bridge_instance=` names the bridge that issued the resume id (the id's
 * prefix before its first '.'), so that a load balancer can route the upgrade to it. Unchanged without one.
 */
export function withBridgeInstance(url: string, resumeId: string | undefined): string {
  const dot = resumeId?.indexOf('.') ?? -1;
  if (!resumeId || dot <= 0) return url;
  const u = new URL(url);
  u.searchParams.set('bridge_instance', resumeId.slice(0, dot));
  return u.toString();
}
