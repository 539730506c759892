// SQL over one pinned connection (used inside transactions): every page of a query, command or
// script, with parameters encoded as for QUERY (named for an object, positional for an array).
import { QUERY, QUERY_NEXT_PAGE, type QueryMode } from '../codec/operations/query.js';
import type { Row } from '../codec/result.js';
import { request, requestEncodedOnWrite } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import { encodeParams } from './query-parameters.js';
import type { Params } from './query-requests.js';

export interface SqlOptions extends RequestOptions {
  /** Rows per page (default 1000). */
  pageSize?: number;
}

/** Runs `sql` and reads every page. */
export async function runSql<T = Row>(
  conn: Connection,
  mode: QueryMode,
  sql: string,
  params: Params | undefined,
  options: SqlOptions = {},
): Promise<T[]> {
  const pageSize = options.pageSize ?? 1000;
  const call: RequestOptions = { signal: options.signal, timeoutMs: options.timeoutMs };
  const args = { statement: sql, mode, pageSize, params: new Uint8Array(0), namedParams: true };
  const first = requestEncodedOnWrite(QUERY, args, (zone) => encodeParams(params, zone));
  let page = await conn.request(first, call);
  const rows = [...page.items] as T[];
  while (page.hasNextPage) {
    page = await conn.request(request(QUERY_NEXT_PAGE, { queryId: page.queryId, pageSize }), call);
    for (const item of page.items) rows.push(item as T);
  }
  return rows;
}
