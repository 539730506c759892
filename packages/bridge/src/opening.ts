// The opening of a bridge WebSocket: its first message read as a hello with the client's shared codec,
// and what the hello asks for: a fresh upstream, a parked one to resume, a wait for the park that this
// resume overtook, or a refusal with its close code.
import {
  BRIDGE_CLOSE as CLOSE,
  decodeBridgeHello,
  type BridgeHello,
  type BridgeHelloResult,
} from '@orientdb-edge/client/protocol';
import type { CloseReason } from './metrics.js';
import type { Upstream } from './options.js';
import type { Parked, ParkingLot } from './parking.js';

/** How long a resume waits for the old WebSocket of the same id to finish closing with 4000. */
const RESUME_WAIT_MS = 2_000;

export type Opening =
  | { kind: 'connect'; upstream: Upstream }
  | { kind: 'resume'; parked: Parked }
  /** Ask again with `retry()` once `settled` resolves (the old socket parked, ended, or the wait ran out). */
  | { kind: 'wait'; settled: Promise<void>; retry(): Opening }
  | { kind: 'refuse'; code: number; reason: string; why: CloseReason };

/** What the opening needs of the bridge. */
export interface OpeningContext {
  readonly parking: ParkingLot;
  /** The configured upstream of that name, the default one for undefined. */
  upstream(name: string | undefined): Upstream | undefined;
}

const refuse = (code: number, reason: string, why: CloseReason): Opening => ({ kind: 'refuse', code, reason, why });

/** A hello is a binary message; its bytes are checked by the codec both ends share. */
function decodeHello(data: Uint8Array, isBinary: boolean): BridgeHelloResult {
  if (!isBinary) return { ok: false, code: CLOSE.BAD_HELLO, reason: 'hello must be a binary message' };
  return decodeBridgeHello(data);
}

export function decideOpening(data: Uint8Array, isBinary: boolean, ctx: OpeningContext): Opening {
  const result = decodeHello(data, isBinary);
  if (!result.ok) {
    const why = result.code === CLOSE.UNSUPPORTED_VERSION ? 'unsupported_version' : 'bad_hello';
    return refuse(result.code, result.reason, why);
  }
  const hello = result.hello;
  if (hello.resume !== undefined) return resume(hello, hello.resume, ctx.parking);
  const upstream = ctx.upstream(hello.upstream);
  if (!upstream) return refuse(CLOSE.UNKNOWN_TARGET, 'unknown upstream', 'unknown_upstream');
  return { kind: 'connect', upstream };
}

/**
 * A resume hello and a 4000 close travel on two TCP connections: when the id still belongs to an open relay,
 * wait for its park rather than answer 4404 at once.
 */
function resume(hello: BridgeHello, id: string, parking: ParkingLot): Opening {
  if (!parking.pending(id)) return takeParked(hello, id, parking);
  return { kind: 'wait', settled: parking.whenParked(id, RESUME_WAIT_MS), retry: () => takeParked(hello, id, parking) };
}

function takeParked(hello: BridgeHello, id: string, parking: ParkingLot): Opening {
  const parked = parking.take(id);
  if (!parked) return refuse(CLOSE.UNKNOWN_TARGET, 'unknown or expired resume id', 'unknown_resume');
  if (hello.upstream !== undefined && hello.upstream !== parked.upstream.name) {
    parked.tcp.destroy();
    return refuse(CLOSE.UNKNOWN_TARGET, 'resume id belongs to another upstream', 'unknown_resume');
  }
  return { kind: 'resume', parked };
}
