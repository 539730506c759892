// SQL requests of the public API: statement kinds (query, command, script, server query), their
// parameters, and the page requests a ResultStream sends after the first page.
import { encodeQueryParams } from '../codec/params.js';
import type { QueryPage as CodecPage } from '../codec/operations/query.js';
import type { Row } from '../codec/result.js';
import * as req from '../session/requests.js';
import type { Request } from '../session/types.js';

export type { Row };
/** Named parameters (`:name`) as an object, positional ones (`?`) as an array. */
export type Params = Record<string, unknown> | unknown[];
export type QueryKind = 'query' | 'command' | 'script' | 'server';

export interface QueryPage<T> { queryId: string; items: T[]; hasNextPage: boolean }

function pageOf<T>(r: Request<CodecPage>): Request<QueryPage<T>> {
  return r as unknown as Request<QueryPage<T>>;
}

/** The first request of a statement: QUERY (45) or, for 'server', SERVER_QUERY (50). */
export function queryRequest<T>(kind: QueryKind, statement: string, params: Params, pageSize: number): Request<QueryPage<T>> {
  const positional = Array.isArray(params);
  const hasParams = positional ? params.length > 0 : Object.keys(params).length > 0;
  const q = {
    statement,
    mode: kind === 'command' ? 'command' as const : kind === 'script' ? 'script' as const : 'query' as const,
    language: 'sql',
    pageSize,
    params: hasParams ? encodeQueryParams(params) : new Uint8Array(0),
    namedParams: !positional,
  };
  if (kind !== 'server') return pageOf<T>(req.queryRequest(q));
  // Server-level SQL creates and drops databases: never replayed after a drop.
  return pageOf<T>({ ...req.serverQueryRequest(q), idempotent: false });
}

export function nextPage<T>(queryId: string, pageSize: number): Request<QueryPage<T>> {
  return pageOf<T>(req.queryNextPageRequest(queryId, pageSize));
}

export function closeQuery(queryId: string): Request<void> {
  return req.closeQueryRequest(queryId);
}
