// SQL requests of the public API: statement kinds (query, command, script, server query), their
// parameters, and the page requests a ResultStream sends after the first page (statement-request.ts
// builds the first).
import { CLOSE_QUERY, QUERY_NEXT_PAGE, type QueryPage as CodecPage } from '../codec/operations/query.js';
import type { Row } from '../codec/result.js';
import { type Request, request } from '../session/request.js';

export type { Row };
/** Named parameters (`:name`) as an object, positional ones (`?`) as an array. */
export type Params = Record<string, unknown> | unknown[];
export type QueryKind = 'query' | 'command' | 'script' | 'server';

export interface QueryPage<T> {
  queryId: string;
  items: T[];
  hasNextPage: boolean;
}

/** Whether a call gives any parameter value. */
export function paramsGiven(params: Params): boolean {
  return Array.isArray(params) ? params.length > 0 : Object.keys(params).length > 0;
}

export function pageOf<T>(r: Request<CodecPage>): Request<QueryPage<T>> {
  return r as unknown as Request<QueryPage<T>>;
}

export function nextPage<T>(queryId: string, pageSize: number): Request<QueryPage<T>> {
  return pageOf<T>(request(QUERY_NEXT_PAGE, { queryId, pageSize }));
}

export function closeQuery(queryId: string): Request<void> {
  return request(CLOSE_QUERY, { queryId });
}
