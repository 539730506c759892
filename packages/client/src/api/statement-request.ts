// The first request of a statement, which a ResultStream sends. Apart from query-requests.ts because
// it loads the parameters' code (lazy-modules.ts), which itself names query-requests.ts's types.
import { QUERY, SERVER_QUERY } from '../codec/operations/query.js';
import { type Request, request } from '../session/request.js';
import { queryParameters } from './lazy-modules.js';
import { type Params, type QueryKind, type QueryPage, pageOf } from './query-requests.js';

/**
 * The first request of a statement: QUERY (45) or, for 'server', SERVER_QUERY (50, never sent again).
 * A promise when the statement has parameters or may name some (a ':' or '?' in it): then it waits for
 * their code (query-parameters.ts, loaded on first use), and rejects with InvalidArgumentError, naming
 * `endpoint`, when the statement uses a parameter `params` lacks.
 */
export function queryRequest<T>(
  kind: QueryKind,
  statement: string,
  params: Params,
  pageSize: number,
  endpoint: string,
): Request<QueryPage<T>> | Promise<Request<QueryPage<T>>> {
  const mode = kind === 'command' ? ('command' as const) : kind === 'script' ? ('script' as const) : ('query' as const);
  const op = kind === 'server' ? SERVER_QUERY : QUERY;
  const q = { statement, mode, language: 'sql', pageSize, namedParams: !Array.isArray(params) };
  const given = Array.isArray(params) ? params.length > 0 : Object.keys(params).length > 0;
  if (!given && !statement.includes(':') && !statement.includes('?')) return pageOf<T>(request(op, q));
  return queryParameters().then(({ parameterizedRequest }) => pageOf<T>(parameterizedRequest(op, q, params, endpoint)));
}
