// Options of the public OrientDB class and of each call, the one table of defaults the client applies
// (DEFAULTS), and resolveOptions(), which applies them once, when a client is made. The keeper, the
// keep-alive and the reconnect loop take resolved values and hold no defaults of their own.
import { InvalidArgumentError } from '../errors.js';
import { DEFAULT_MAX_ANSWER_BYTES } from '../session/stateful-connection.js';
import type { RequestOptions } from '../session/types.js';
import { defaultStorageEventSource, type StorageEventSource } from '../tokens/cross-tab.js';
import { defaultTokenStore } from '../tokens/local-storage-store.js';
import { memoryTokenStore, type TokenStore } from '../tokens/token-store.js';
import type { Transport } from '../transport/transport.js';
import { websocket, type WebSocketConstructor } from '../transport/websocket.js';
import type { Reauthenticate, ReattachRoute } from './reattach.js';

// Defaults are stated once, in DEFAULTS below (and in the README's table, which a unit test checks
// against it), not in these comments: two copies of a number drift apart.

/** Every call takes these as its last argument; `timeoutMs` overrides the client's (ms; 0 = none). */
export type CallOptions = RequestOptions;

export interface StreamOptions extends CallOptions {
  /** Rows fetched per page (QUERY / QUERY_NEXT_PAGE). */
  pageSize?: number;
}

/** The keep-alive's timing: one ping just past the server's renewal threshold, jittered, never too late. */
export interface KeepAliveOptions {
  /** Random spread added to each wake-up so that tabs of one origin rarely ping together (ms). */
  jitterMs?: number;
  /** Never wake later than this before expiry (ms). */
  safetyMs?: number;
  /** Shortest delay between two wake-ups, so a ping that renews nothing cannot spin (ms). */
  minDelayMs?: number;
}

/** Backoff of the background reattach after a dropped connection: attempt n waits uniform [cap/2, cap]. */
export interface ReconnectOptions {
  /** The first attempt's cap (ms). */
  initialMs?: number;
  /** The largest cap (ms). */
  maxMs?: number;
  /** The cap grows by this factor per attempt: cap = min(maxMs, initialMs * factor^n). */
  factor?: number;
  /** Give up after this many attempts (ConnectionLostError). */
  maxAttempts?: number;
}

export interface OrientDBOptions {
  /** The bridge's WebSocket URL (ws:// or wss://). Give this or `transport`. */
  url?: string;
  /** A transport, e.g. tcp({ host, port }) from '@orientdb-edge/client/tcp'. */
  transport?: Transport;
  /** WebSocket class for `url` when the runtime has none (Node 20: the ws package's). */
  WebSocket?: WebSocketConstructor;
  /** The bridge's access token (sent as ?access_token=). */
  accessToken?: string;
  /** Returns a fresh bridge ticket, minted by the application's server, before every (re)connect (sent as ?ticket=). */
  ticket?: () => string | Promise<string>;
  /** The bridge's upstream name (none: the bridge's default upstream). */
  upstream?: string;
  /** Protocol version announced in the handshake (37 when the server greets with 37). */
  protocolVersion?: 37 | 38;
  /** Default timeout of every call in ms (0 = none). */
  timeoutMs?: number;
  /** The largest answer (one frame, in bytes) the client buffers; a bigger one closes the connection with FrameTooLargeError. */
  maxAnswerBytes?: number;
  /**
   * Time allowed for OrientDB's greeting after the connection opens (ms). OrientDB greets at once; a
   * port that is not its binary port (its HTTP port, a bridge's) sends nothing, and then the connect
   * fails with NoGreetingError after this long instead of the call's whole timeout.
   */
  greetingTimeoutMs?: number;
  /**
   * How long a read cut off by a dropped connection waits for the background reattach before it is
   * tried once more and fails (ConnectionRefusedError while OrientDB is down) (ms). The reattach itself
   * goes on in the background (the 'reconnecting' events).
   */
  reconnectWaitMs?: number;
  /**
   * Where sessions are kept; null keeps nothing. Unset, database sessions go to localStorage where it
   * works (else memory) and server sessions (connect()) to memory.
   */
  tokenStore?: TokenStore | null;
  /** Prefix of every key the client writes to the token store. */
  tokenKeyPrefix?: string;
  /** Choose among several stored sessions for the URL: this database's. */
  db?: string;
  /** Choose among several stored sessions for the URL: this user's. */
  user?: string;
  /**
   * Reattach routes allowed, tried cheapest first: 'resume', 'session', 'stateless' (token-only
   * requests: one page per query, no live queries or transactions), 'reauthenticate'.
   */
  reattachRoutes?: ReattachRoute[];
  /** Called when a stored session cannot be reattached: return credentials to log in again, or null. */
  reauthenticate?: Reauthenticate;
  /** A stored token with less than this left (ms) is not used to reattach: only `reauthenticate` may run. */
  reattachMarginMs?: number;
  /** Renew the token before it expires while the page is open (false: off). */
  keepAlive?: boolean | KeepAliveOptions;
  /** Follow other tabs' renewals and logouts through storage events (on where there is a window). */
  crossTab?: boolean | StorageEventSource;
  /** After a dropped connection: backoff of the background reattach (false: none; reads are then not replayed). */
  reconnect?: ReconnectOptions | false;
  /** 'query' events carry the parameter values too (they may be personal data). */
  queryEventParams?: boolean;
}

export type ResolvedKeepAlive = Required<KeepAliveOptions>;
export type ResolvedReconnect = Required<ReconnectOptions>;

/** Every default the client applies. Functions make a default that depends on the runtime, once per client. */
export const DEFAULTS = {
  protocolVersion: 38,
  timeoutMs: 30_000,
  /** 128 MiB, the connection's own default (StatefulConnection). */
  maxAnswerBytes: DEFAULT_MAX_ANSWER_BYTES,
  greetingTimeoutMs: 5000,
  reconnectWaitMs: 5000,
  /** Per call (StreamOptions). */
  pageSize: 1000,
  /**
   * A server session's token is not written to localStorage unless the application asks for it
   * (`tokenStore`): it may be an administrator's.
   */
  tokenStore: { database: defaultTokenStore, server: memoryTokenStore },
  tokenKeyPrefix: 'orientdb-edge:',
  reattachRoutes: ['resume', 'session', 'stateless', 'reauthenticate'],
  reattachMarginMs: 30_000,
  keepAlive: { jitterMs: 5000, safetyMs: 15_000, minDelayMs: 1000 },
  crossTab: defaultStorageEventSource,
  /** At most about 21 s in all: 200 + 400 + 800 + 1600 + 3200 + 3 * 5000 ms. */
  reconnect: { initialMs: 200, maxMs: 5000, factor: 2, maxAttempts: 8 },
  queryEventParams: false,
} as const;

/** The per-call page size under the name client.ts's streams read it by. */
export const DEFAULT_PAGE_SIZE = DEFAULTS.pageSize;

/** The options with every default applied; what the client's parts are made with. */
export interface ResolvedOptions {
  transport: Transport;
  upstream: string | undefined;
  protocolVersion: 37 | 38;
  /** 0 = none. */
  timeoutMs: number;
  maxAnswerBytes: number;
  greetingTimeoutMs: number;
  reconnectWaitMs: number;
  /** Database sessions (the keeper's). */
  tokenStore: TokenStore | null;
  /** Server sessions (connect()). */
  serverTokenStore: TokenStore | null;
  tokenKeyPrefix: string;
  db: string | undefined;
  user: string | undefined;
  reattachRoutes: readonly ReattachRoute[];
  reauthenticate: Reauthenticate | undefined;
  reattachMarginMs: number;
  keepAlive: ResolvedKeepAlive | false;
  crossTab: StorageEventSource | null;
  reconnect: ResolvedReconnect | false;
  queryEventParams: boolean;
}

export function resolveOptions(o: OrientDBOptions): ResolvedOptions {
  const transport =
    o.transport ??
    (o.url ? websocket(o.url, { WebSocket: o.WebSocket, accessToken: o.accessToken, ticket: o.ticket }) : undefined);
  if (!transport) throw new InvalidArgumentError('new OrientDB() needs a url (the bridge) or a transport');
  return {
    transport,
    upstream: o.upstream,
    protocolVersion: o.protocolVersion ?? DEFAULTS.protocolVersion,
    // Negative or NaN: no timeout, as 0.
    timeoutMs: Math.max(0, o.timeoutMs ?? DEFAULTS.timeoutMs) || 0,
    maxAnswerBytes: o.maxAnswerBytes ?? DEFAULTS.maxAnswerBytes,
    greetingTimeoutMs: o.greetingTimeoutMs ?? DEFAULTS.greetingTimeoutMs,
    reconnectWaitMs: o.reconnectWaitMs ?? DEFAULTS.reconnectWaitMs,
    tokenStore: o.tokenStore === undefined ? DEFAULTS.tokenStore.database() : o.tokenStore,
    serverTokenStore: o.tokenStore === undefined ? DEFAULTS.tokenStore.server() : o.tokenStore,
    tokenKeyPrefix: o.tokenKeyPrefix ?? DEFAULTS.tokenKeyPrefix,
    db: o.db,
    user: o.user,
    reattachRoutes: o.reattachRoutes ?? DEFAULTS.reattachRoutes,
    reauthenticate: o.reauthenticate,
    reattachMarginMs: o.reattachMarginMs ?? DEFAULTS.reattachMarginMs,
    keepAlive: o.keepAlive === false ? false : resolveKeepAlive(objectOr(o.keepAlive, {})),
    crossTab: o.crossTab === false ? null : (objectOr(o.crossTab, undefined) ?? DEFAULTS.crossTab() ?? null),
    reconnect: o.reconnect === false ? false : resolveReconnect(o.reconnect ?? undefined),
    queryEventParams: o.queryEventParams ?? DEFAULTS.queryEventParams,
  };
}

/** Field by field, so that `{ maxMs: undefined }` keeps the default rather than erasing it. */
function resolveKeepAlive(o: KeepAliveOptions = {}): ResolvedKeepAlive {
  const d = DEFAULTS.keepAlive;
  return {
    jitterMs: o.jitterMs ?? d.jitterMs,
    safetyMs: o.safetyMs ?? d.safetyMs,
    minDelayMs: o.minDelayMs ?? d.minDelayMs,
  };
}

function resolveReconnect(o: ReconnectOptions = {}): ResolvedReconnect {
  const d = DEFAULTS.reconnect;
  return {
    initialMs: o.initialMs ?? d.initialMs,
    maxMs: o.maxMs ?? d.maxMs,
    factor: o.factor ?? d.factor,
    maxAttempts: o.maxAttempts ?? d.maxAttempts,
  };
}

/** `true` (or a stray null from JavaScript) means "on, with the defaults", as `?? true` did before. */
function objectOr<T extends object, F>(value: boolean | T | null | undefined, fallback: F): T | F {
  return typeof value === 'object' && value !== null ? value : fallback;
}
