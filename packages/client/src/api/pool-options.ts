// Options of pool(), its defaults table (POOL_DEFAULTS; the client's own live in options.ts) and their
// resolution, done once when a pool is made.
import { InvalidArgumentError } from '../errors.js';
import type { Transport } from '../transport/transport.js';
import { websocket, type WebSocketConstructor } from '../transport/websocket.js';
import { DEFAULTS } from './options.js';

export interface PoolOptions {
  /** The bridge's WebSocket URL. Give this or `transport` (e.g. tcp({ host, port }) from '@orientdb-edge/client/tcp'). */
  url?: string;
  transport?: Transport;
  /** WebSocket class for `url` when the runtime has none. */
  WebSocket?: WebSocketConstructor;
  /** The bridge's access token. */
  accessToken?: string;
  /** The bridge's upstream name. */
  upstream?: string;
  protocolVersion?: 37 | 38;
  /** Each pooled connection opens its own session on this database (DB_OPEN). */
  database: string;
  user: string;
  password: string;
  /** Most connections open at once; callers beyond them wait in line. */
  max?: number;
  /**
   * Calls one connection carries at once (queries, commands, scripts; answered in order, so the
   * least loaded connection is chosen); 1: one call per connection. Transactions and streams always
   * hold a connection alone.
   */
  pipelining?: number;
  /** Connections kept open ahead of need (opened when the pool is made, replaced when one drops). */
  min?: number;
  /** A connection above `min` idle this long is closed (ms; 0 = never). */
  idleTimeoutMs?: number;
  /** Longest wait in line for a free connection before TimeoutError (ms; 0 = no limit). */
  acquireTimeoutMs?: number;
  /** Default timeout of every request, and of opening a connection (ms; 0 = none). */
  timeoutMs?: number;
  /** Rows per page of every query unless the call says otherwise. */
  pageSize?: number;
  /** 'query' events carry the parameter values too (they may be personal data). */
  queryEventParams?: boolean;
}

/** Every default the pool applies beyond the client's own (timeoutMs, pageSize, protocolVersion and queryEventParams come from DEFAULTS). */
export const POOL_DEFAULTS = {
  max: 8,
  min: 1,
  pipelining: 4,
  idleTimeoutMs: 30_000,
  acquireTimeoutMs: 10_000,
} as const;

export interface ResolvedPoolOptions {
  transport: Transport;
  upstream: string | undefined;
  protocolVersion: 37 | 38;
  database: string;
  user: string;
  password: string;
  max: number;
  min: number;
  pipelining: number;
  idleTimeoutMs: number;
  acquireTimeoutMs: number;
  timeoutMs: number;
  pageSize: number;
  queryEventParams: boolean;
}

function count(name: string, value: number | undefined, fallback: number, least: number): number {
  const n = value ?? fallback;
  if (!Number.isInteger(n) || n < least)
    throw new InvalidArgumentError(`pool(): ${name} must be an integer ≥ ${least}, got ${String(value)}`);
  return n;
}

const ms = (value: number | undefined, fallback: number): number => Math.max(0, value ?? fallback) || 0;

export function resolvePoolOptions(o: PoolOptions): ResolvedPoolOptions {
  const transport =
    o.transport ?? (o.url ? websocket(o.url, { WebSocket: o.WebSocket, accessToken: o.accessToken }) : undefined);
  if (!transport) throw new InvalidArgumentError('pool() needs a url (the bridge) or a transport');
  for (const key of ['database', 'user', 'password'] as const)
    if (typeof o[key] !== 'string' || (key !== 'password' && o[key] === ''))
      throw new InvalidArgumentError(`pool() needs ${key} (a string): every pooled connection logs in with it`);
  const max = count('max', o.max, POOL_DEFAULTS.max, 1);
  const min = count('min', o.min, Math.min(POOL_DEFAULTS.min, max), 0);
  if (min > max) throw new InvalidArgumentError(`pool(): min (${min}) is larger than max (${max})`);
  return {
    transport,
    upstream: o.upstream,
    protocolVersion: o.protocolVersion ?? DEFAULTS.protocolVersion,
    database: o.database,
    user: o.user,
    password: o.password,
    max,
    min,
    pipelining: count('pipelining', o.pipelining, POOL_DEFAULTS.pipelining, 1),
    idleTimeoutMs: ms(o.idleTimeoutMs, POOL_DEFAULTS.idleTimeoutMs),
    acquireTimeoutMs: ms(o.acquireTimeoutMs, POOL_DEFAULTS.acquireTimeoutMs),
    timeoutMs: ms(o.timeoutMs, DEFAULTS.timeoutMs),
    pageSize: count('pageSize', o.pageSize, DEFAULTS.pageSize, 1),
    queryEventParams: o.queryEventParams ?? DEFAULTS.queryEventParams,
  };
}
