// SQL requests of the public API: statement kinds (query, command, script, server query), their
// parameters, and the page requests a ResultStream sends after the first page.
import {
  CLOSE_QUERY,
  QUERY,
  QUERY_NEXT_PAGE,
  type QueryPage as CodecPage,
  SERVER_QUERY,
} from '../codec/operations/query.js';
import { encodeQueryParams } from '../codec/params.js';
import type { Row } from '../codec/result.js';
import type { DateZone } from '../codec/date-zone.js';
import { type Request, request, requestEncodedOnWrite } from '../session/request.js';
import { checkParameters } from './sql-parameters.js';

export type { Row };
/** Named parameters (`:name`) as an object, positional ones (`?`) as an array. */
export type Params = Record<string, unknown> | unknown[];
export type QueryKind = 'query' | 'command' | 'script' | 'server';

export interface QueryPage<T> {
  queryId: string;
  items: T[];
  hasNextPage: boolean;
}

function pageOf<T>(r: Request<CodecPage>): Request<QueryPage<T>> {
  return r as unknown as Request<QueryPage<T>>;
}

/**
 * Parameters as QUERY and SUBSCRIBE_PUSH carry them: named for an object, positional for an array; a
 * Date given as a DATE is placed on its day in `zone`, the database's.
 */
export function encodeParams(
  params: Params | undefined,
  zone: DateZone | undefined,
): { params: Uint8Array; namedParams: boolean } {
  if (params === undefined) return { params: NO_PARAMS, namedParams: true };
  return { params: encodeQueryParams(params, zone), namedParams: !Array.isArray(params) };
}

const NO_PARAMS = new Uint8Array(0);

/**
 * The first request of a statement: QUERY (45) or, for 'server', SERVER_QUERY (50, never sent again).
 * Throws InvalidArgumentError, naming `endpoint`, when the statement uses a parameter `params` lacks.
 */
export function queryRequest<T>(
  kind: QueryKind,
  statement: string,
  params: Params,
  pageSize: number,
  endpoint: string,
): Request<QueryPage<T>> {
  checkParameters(statement, params, endpoint);
  const mode = kind === 'command' ? ('command' as const) : kind === 'script' ? ('script' as const) : ('query' as const);
  const empty = Array.isArray(params) ? params.length === 0 : Object.keys(params).length === 0;
  const op = kind === 'server' ? SERVER_QUERY : QUERY;
  const q = { statement, mode, language: 'sql', pageSize, params: NO_PARAMS, namedParams: !Array.isArray(params) };
  if (empty) return pageOf<T>(request(op, q));
  // Encoded as the request is written, when the connection knows the database's time zone.
  return pageOf<T>(requestEncodedOnWrite(op, q, (zone) => encodeParams(params, zone)));
}

export function nextPage<T>(queryId: string, pageSize: number): Request<QueryPage<T>> {
  return pageOf<T>(request(QUERY_NEXT_PAGE, { queryId, pageSize }));
}

export function closeQuery(queryId: string): Request<void> {
  return request(CLOSE_QUERY, { queryId });
}
