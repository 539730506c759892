// The payload of the client's (and the pool's) 'query' event: one per SQL call, sent when it ends.
// Its parameter values are there only when asked for (`queryEventParams: true`): they may be personal data.
import type { Params, QueryKind } from './query-requests.js';

export interface QueryEvent {
  /** The bridge URL or host:port. */
  endpoint: string;
  /** The first request's operation, as the operation table names it: 'REQUEST_QUERY', 'REQUEST_SERVER_QUERY'. */
  operation: string;
  kind: QueryKind;
  /** The SQL text as sent (a tagged template's values are `:p0`, `:p1` ... in it). */
  sql: string;
  /** The parameter values: only with `queryEventParams: true`. */
  params?: Params;
  /**
   * From the call to its last row or its error (ms); for the pool, the wait for a connection included.
   * A stream's runs from its first request to its end (it is read at the caller's pace).
   */
  durationMs: number;
  /** Rows returned (0 on error). */
  rows: number;
  /** Bytes of the answer bodies read, every page included. */
  bytes: number;
  /** Set when the call failed. */
  error?: Error;
  /** Pool only: the wait for a free connection (ms). */
  waitMs?: number;
  /** Pool only: connections open or opening when the call ended. */
  poolSize?: number;
}
