// Options of the public OrientDB class and of each call.
import type { Transport } from '../transport/transport.js';
import type { WebSocketConstructor } from '../transport/websocket.js';
import type { TokenStore } from '../tokens/token-store.js';
import type { KeeperOptions } from './session-keeper.js';
import type { Reauthenticate, ReattachRoute } from './reattach.js';
import type { ReconnectOptions } from './reconnect.js';

/** Every call takes these as its last argument. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Overrides the client's default timeout for this call (ms; 0 = none). */
  timeoutMs?: number;
}

export interface StreamOptions extends CallOptions {
  /** Rows fetched per page (QUERY / QUERY_NEXT_PAGE); default 1000. */
  pageSize?: number;
}

export interface OrientDBOptions extends KeeperOptions {
  /** Called when a stored session cannot be reattached: return credentials to log in again, or null. */
  reauthenticate?: Reauthenticate;
  /**
   * Reattach routes allowed, cheapest first (default all): 'resume', 'session', 'stateless' (token-only
   * requests: one page per query, no live queries or transactions), 'reauthenticate'.
   */
  reattachRoutes?: ReattachRoute[];
  /** After a dropped connection: backoff of the background reattach (false: none; reads are then not replayed). */
  reconnect?: ReconnectOptions | false;
  /** The bridge's WebSocket URL (ws:// or wss://). Give this or `transport`. */
  url?: string;
  /** A transport, e.g. tcp({ host, port }) from '@orientdb-edge/client/tcp'. */
  transport?: Transport;
  /** WebSocket class for `url` when the runtime has none (Node 20: the ws package's). */
  WebSocket?: WebSocketConstructor;
  /** The bridge's access token (sent as ?access_token=). */
  accessToken?: string;
  /** The bridge's upstream name (default: the bridge's default upstream). */
  upstream?: string;
  /** Where sessions are kept: localStorage where it works (browsers, Deno with --location), else memory; null keeps nothing. */
  tokenStore?: TokenStore | null;
  /** Default timeout of every call in ms (default 30 000; 0 = none). */
  timeoutMs?: number;
  /** Protocol version announced in the handshake (default 38). */
  protocolVersion?: 37 | 38;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_PAGE_SIZE = 1000;
