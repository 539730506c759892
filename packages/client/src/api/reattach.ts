// Reattach: the routes from a stored session back to a live one, cheapest first, and the rules for
// falling through. The caller supplies each route; this file decides order, skipping and the verdict.
import {
  BridgeError,
  ConnectionLostError,
  NotSentError,
  NotSupportedError,
  OrientDBError,
  ProtocolError,
  ServerError,
  SessionExpiredError,
} from '../errors.js';
import { DB_SIZE } from '../codec/operations/db-size.js';
import { request } from '../session/request.js';
import type { Connection } from '../session/types.js';
import type { StoredSession } from '../tokens/stored-session.js';
// CallOptions is this type; taken from the session layer so that reattach.ts does not import options.ts back.
import type { RequestOptions as CallOptions } from '../session/types.js';
import type { SessionHandle } from './session-token.js';

export type ReattachRoute = 'resume' | 'session' | 'stateless' | 'reauthenticate';

/** Cheapest first: the bridge's parked connection, the old session id on a new connection, token-only requests, the app's callback. */
const ROUTE_ORDER: readonly ReattachRoute[] = ['resume', 'session', 'stateless', 'reauthenticate'];

/** Each route resolves when the client is attached and rejects when that route is closed. Absent routes are skipped. */
export type ReattachAttempts = Partial<Record<ReattachRoute, (entry: StoredSession) => Promise<void>>>;

export interface ReattachOptions {
  /** A token with less than this left is not used (default 30 000 ms): only `reauthenticate` may run. */
  minRemainingMs?: number;
  now?: () => number;
  /** Removes the stored entry; called before SessionExpiredError is thrown. */
  remove(entry: StoredSession): Promise<void> | void;
}

export interface ReattachOutcome {
  route: ReattachRoute;
  /** Routes tried before the one that worked, with why each was refused. */
  refused: Array<{ route: ReattachRoute; error: Error }>;
}

/** Why a route was skipped rather than tried. */
class RouteSkipped extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RouteSkipped';
  }
}

/**
 * A refusal means "this route is closed, try the next": the server refused the token or session, the
 * bridge no longer holds the parked connection, the server lacks the feature, or it dropped the
 * socket in answer. Anything else (bridge or server unreachable, timeout, abort) stops the attempt
 * and keeps the stored entry: the session may still be alive.
 */
function isRefusal(error: unknown): boolean {
  return (
    error instanceof ServerError ||
    error instanceof BridgeError ||
    error instanceof NotSupportedError ||
    error instanceof ProtocolError ||
    error instanceof ConnectionLostError ||
    error instanceof RouteSkipped
  );
}

/** True when the refusal says something about the session itself (not only about the way in). */
function isVerdict(error: unknown): boolean {
  return error instanceof ServerError || error instanceof BridgeError || error instanceof RouteSkipped;
}

/**
 * Tries the routes in ROUTE_ORDER until one attaches; reattachSlot() supplies the routes.
 * @internal Exported for its unit test, which drives the route order and the refusal rules with plain
 * functions instead of a session slot, connections and a server.
 */
export async function reattach(
  entry: StoredSession,
  attempts: ReattachAttempts,
  options: ReattachOptions,
): Promise<ReattachOutcome> {
  const now = (options.now ?? Date.now)();
  const tooOld = entry.expiresAt > 0 && entry.expiresAt - now < (options.minRemainingMs ?? 30_000);
  const refused: ReattachOutcome['refused'] = [];
  let verdict = false;
  for (const route of ROUTE_ORDER) {
    const attempt = attempts[route];
    if (!attempt) continue;
    if (route !== 'reauthenticate' && tooOld) {
      refused.push({
        route,
        error: new RouteSkipped(
          entry.expiresAt <= now ? 'the token has expired' : `the token expires in ${entry.expiresAt - now} ms`,
        ),
      });
      verdict = true;
      continue;
    }
    if (route === 'resume' && !entry.resumeId) continue;
    try {
      await attempt(entry);
      return { route, refused };
    } catch (error) {
      if (!isRefusal(error)) throw error;
      refused.push({ route, error: error as Error });
      if (isVerdict(error)) verdict = true;
    }
  }
  const last = refused[refused.length - 1]?.error;
  if (!verdict && last instanceof OrientDBError) throw last;
  await options.remove(entry);
  const why = refused.map((r) => `${r.route}: ${r.error.message}`).join('; ');
  throw new SessionExpiredError(
    `the stored session can no longer be used; log in again (${why || 'no route to try'})`,
    { cause: last },
  );
}

/** The application's last resort: credentials for the stored session's database, or null to give up. */
export type Reauthenticate = (info: {
  endpoint: string;
  database: string;
  user: string;
}) => Promise<{ user?: string; password: string } | null | undefined>;

/** What the routes need of a session slot (SessionSlot). */
export interface AttachableSlot {
  readonly handle: SessionHandle | null;
  attach(handle: SessionHandle): void;
  conn(options: CallOptions, earlyData?: boolean): Promise<Connection>;
  login(credentials: { database?: string; user: string; password: string }, options: CallOptions): Promise<void>;
  close(options?: { logout?: boolean }): void;
}

export interface SlotReattachOptions {
  endpoint: string;
  call: CallOptions;
  minRemainingMs?: number;
  /** The routes allowed, in their fixed order (default all). */
  routes?: readonly ReattachRoute[];
  /** Route 3: switch the client to token-only requests; rejects when the server refuses the token. */
  stateless?: (handle: SessionHandle) => Promise<void>;
  /**
   * Called with the connection of route 1 or 2 once its probe is written, before the answer: a request
   * sent on it now is answered right after the probe (no round trip of its own for the probe).
   */
  tentative?: (conn: Connection) => void;
  reauthenticate?: Reauthenticate;
  remove(entry: StoredSession): Promise<void> | void;
}

/**
 * Sends one request that needs the session; the server refuses it when the session is gone. Requests
 * pipelined behind a refused probe are refused too (they did not run): the route waits for their
 * answers before it gives the connection up, and sends nothing more with the refused token.
 */
async function probe(conn: Connection, call: CallOptions, tentative?: (conn: Connection) => void): Promise<void> {
  const answer = conn.request(request(DB_SIZE, undefined), call);
  tentative?.(conn);
  try {
    await answer;
  } catch (error) {
    if (tentative && !conn.closed) await conn.drained();
    // Refused before the bridge relayed it (early data): judge the route by the bridge's reason.
    throw error instanceof NotSentError ? error.cause : error;
  }
}

/**
 * Attaches `slot` to the stored session. resume: a new WebSocket takes over the parked connection
 * (the bridge says so in its welcome); session: a new connection carries the old session id and
 * token; stateless: token-only requests (the caller's); reauthenticate: the application logs in
 * again. Each is proven by a probe request; on routes 1 and 2 the caller's first request may be
 * pipelined behind it (`tentative`).
 * Returns the route and the user the session now belongs to.
 */
export async function reattachSlot(
  slot: AttachableSlot,
  entry: StoredSession,
  handle: SessionHandle,
  o: SlotReattachOptions,
): Promise<ReattachOutcome & { user: string }> {
  let user = entry.user;
  let fellBack: Connection | undefined;
  const attempts: ReattachAttempts = {
    resume: async () => {
      // A reload's hello may overtake the old page's park: the bridge itself waits for it (up to 2 s).
      slot.attach(handle);
      const conn = await slot.conn(o.call, true);
      if (!conn.resumed) {
        fellBack = conn;
        throw new RouteSkipped('the bridge no longer holds the parked connection');
      }
      await probe(conn, o.call, o.tentative);
    },
    session: async () => {
      if (!fellBack || fellBack.closed) slot.attach({ ...handle, resumeId: '' });
      await probe(await slot.conn(o.call), o.call, o.tentative);
    },
  };
  if (o.stateless) {
    const stateless = o.stateless;
    attempts.stateless = async () => {
      slot.close();
      await stateless(handle);
    };
  }
  if (o.reauthenticate) {
    const again = o.reauthenticate;
    attempts.reauthenticate = async () => {
      const credentials = await again({ endpoint: o.endpoint, database: entry.database, user: entry.user });
      if (!credentials) throw new RouteSkipped('the application declined to log in again');
      user = credentials.user ?? entry.user;
      await slot.login({ database: entry.database, user, password: credentials.password }, o.call);
    };
  }
  if (o.routes) for (const route of ROUTE_ORDER) if (!o.routes.includes(route)) delete attempts[route];
  const outcome = await reattach(entry, attempts, { minRemainingMs: o.minRemainingMs, remove: o.remove });
  return { ...outcome, user };
}
