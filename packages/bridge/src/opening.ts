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
import { tokenFacts } from './policy.js';

/** How long a resume waits for the old WebSocket of the same id to finish closing with 4000. */
const RESUME_WAIT_MS = 2_000;

export type Opening =
  | { kind: 'connect'; upstream: Upstream }
  | { kind: 'resume'; parked: Parked }
  /** Ask again with `retry()` once `settled` resolves (the old socket parked, ended, or the wait ran out). */
  | { kind: 'wait'; settled: Promise<void>; retry(): Opening }
  /** `detail`, for the bridge's log only: the exact reason when the page is told less. */
  | { kind: 'refuse'; code: number; reason: string; why: CloseReason; detail?: string };

/** What the opening needs of the bridge. */
export interface OpeningContext {
  readonly parking: ParkingLot;
  /** The configured upstream of that name, the default one for undefined. */
  upstream(name: string | undefined): Upstream | undefined;
}

const refuse = (code: number, reason: string, why: CloseReason, detail?: string): Opening =>
  detail === undefined ? { kind: 'refuse', code, reason, why } : { kind: 'refuse', code, reason, why, detail };
/** One answer for every resume that does not go through, so that a guessed or stolen id learns nothing. */
const UNKNOWN_RESUME = 'unknown or expired resume id';

/** A hello is a binary message; its bytes are checked by the codec both ends share. */
function decodeHello(data: Uint8Array, isBinary: boolean): BridgeHelloResult {
  if (!isBinary) return { ok: false, code: CLOSE.BAD_HELLO, reason: 'hello must be a binary message' };
  return decodeBridgeHello(data);
}

/** `origin`: the Origin header of the WebSocket's upgrade. */
export function decideOpening(data: Uint8Array, isBinary: boolean, ctx: OpeningContext, origin?: string): Opening {
  const result = decodeHello(data, isBinary);
  if (!result.ok) {
    const why = result.code === CLOSE.UNSUPPORTED_VERSION ? 'unsupported_version' : 'bad_hello';
    return refuse(result.code, result.reason, why);
  }
  const hello = result.hello;
  if (hello.resume !== undefined) return resume(hello, hello.resume, ctx.parking, origin);
  const upstream = ctx.upstream(hello.upstream);
  // The page gets the same answer as for an unreachable upstream: which names exist is configuration.
  if (!upstream)
    return refuse(
      CLOSE.UPSTREAM_UNREACHABLE,
      'upstream unreachable',
      'unknown_upstream',
      `unknown upstream ${JSON.stringify(hello.upstream)}`,
    );
  return { kind: 'connect', upstream };
}

/**
 * A resume hello and a 4000 close travel on two TCP connections: when the id still belongs to an open relay,
 * wait for its park rather than answer 4404 at once.
 */
function resume(hello: BridgeHello, id: string, parking: ParkingLot, origin: string | undefined): Opening {
  const retry = () => takeParked(hello, id, parking, origin);
  if (!parking.pending(id)) return retry();
  return { kind: 'wait', settled: parking.whenParked(id, RESUME_WAIT_MS), retry };
}

function takeParked(hello: BridgeHello, id: string, parking: ParkingLot, origin: string | undefined): Opening {
  let problem: string | undefined;
  const parked = parking.take(id, (p) => {
    problem = resumeProblem(hello, p, origin);
    return problem === undefined;
  });
  if (!parked) return refuse(CLOSE.UNKNOWN_TARGET, UNKNOWN_RESUME, 'unknown_resume', problem ?? 'no such parked id');
  return { kind: 'resume', parked };
}

/**
 * Why `hello` may not take over `parked`, or undefined. A parked connection holds a live session that
 * OrientDB serves without a token on that socket, so the resume must show the session's token (its
 * payload naming the database and user whose tokens the parked connection carried) from the Origin it
 * was parked from. The bridge cannot check the token's signature: every request on the resumed
 * connection must then carry a token (policy.ts), which the server checks.
 */
function resumeProblem(hello: BridgeHello, parked: Parked, origin: string | undefined): string | undefined {
  if (hello.upstream !== undefined && hello.upstream !== parked.upstream.name) return 'resume id of another upstream';
  const session = parked.session;
  if (!session?.policed) return undefined;
  if (session.origin !== origin) return 'resume from another Origin';
  if (!hello.token) return 'resume without the session token';
  const facts = tokenFacts(hello.token);
  if (!facts) return 'resume with an unreadable token';
  if (session.identity === undefined) {
    // Parked right after its login: the bridge saw the database in DB_OPEN but no token of the session
    // (it does not read answers), so only the database can be matched; the requests that follow must
    // still carry a token, which OrientDB checks.
    if (session.database === undefined || facts.database !== session.database)
      return 'resume with a token of another database than the parked login';
  } else if (facts.identity !== session.identity) return "resume with another session's token";
  if (facts.expiresAt <= Date.now()) return 'resume with an expired token';
  return undefined;
}
