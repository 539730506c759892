// SQL over one pinned connection (used inside transactions): every page of a query, command or
// script, with parameters encoded as for QUERY (named for an object, positional for an array).
import { encodeQueryParams } from '../codec/params.js';
import type { QueryMode } from '../codec/operations/query.js';
import type { Row } from '../codec/result.js';
import { queryNextPageRequest, queryRequest, type Connection, type RequestOptions } from '../session/index.js';

export type SqlParams = Record<string, unknown> | unknown[];

export interface SqlOptions extends RequestOptions {
  /** Rows per page (default 1000). */
  pageSize?: number;
}

export function encodeParams(params: SqlParams | undefined): { params: Uint8Array; namedParams: boolean } {
  if (params === undefined) return { params: new Uint8Array(0), namedParams: true };
  return { params: encodeQueryParams(params), namedParams: !Array.isArray(params) };
}

/** Runs `sql` and reads every page. */
export async function runSql<T = Row>(
  conn: Connection, mode: QueryMode, sql: string, params: SqlParams | undefined, options: SqlOptions = {},
): Promise<T[]> {
  const pageSize = options.pageSize ?? 1000;
  const call: RequestOptions = { signal: options.signal, timeoutMs: options.timeoutMs };
  let page = await conn.request(queryRequest({ statement: sql, mode, pageSize, ...encodeParams(params) }), call);
  const rows = [...page.items] as T[];
  while (page.hasNextPage) {
    page = await conn.request(queryNextPageRequest(page.queryId, pageSize), call);
    for (const item of page.items) rows.push(item as T);
  }
  return rows;
}
