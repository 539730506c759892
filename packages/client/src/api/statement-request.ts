// The first request of a statement, which a ResultStream sends. Apart from query-requests.ts because
// it loads the parameters' code (lazy-modules.ts), which itself names query-requests.ts's types.
import { QUERY, SERVER_QUERY } from '../codec/operations/query.js';
import { type Request, request } from '../session/request.js';
import type { CallLimits } from '../lazy.js';
import { queryParameters } from './lazy-modules.js';
import { type Params, type QueryKind, type QueryPage, pageOf, paramsGiven } from './query-requests.js';

/** Whether a statement has parameters or may name some (a ':' or '?' in its text): then it needs their code. */
function usesParameters(statement: string, params: Params): boolean {
  return paramsGiven(params) || statement.includes(':') || statement.includes('?');
}

/**
 * What a statement waits for before its first request can be built, or undefined: the parameters' code
 * (query-parameters.ts, loaded on first use) when the statement uses it and it has not loaded. While it
 * loads, every statement waits for it, so that calls go out in the order they were made; one that does
 * not use it goes on whether it loaded or not. Rejects with ChunkLoadError, or at the call's limits
 * (lazy.ts).
 */
export function parametersReady(statement: string, params: Params, call: CallLimits): Promise<unknown> | undefined {
  if (queryParameters.loaded) return undefined;
  if (usesParameters(statement, params)) return queryParameters(call);
  return queryParameters.loading && queryParameters(call).catch(() => undefined);
}

/**
 * The first request of a statement: QUERY (45) or, for 'server', SERVER_QUERY (50, never sent again).
 * A promise while the statement waits for the parameters' code (parametersReady), and a rejected one
 * (InvalidArgumentError naming `endpoint`, nothing sent) when it uses a parameter `params` lacks.
 */
export function queryRequest<T>(
  kind: QueryKind,
  statement: string,
  params: Params,
  pageSize: number,
  endpoint: string,
  call: CallLimits,
): Request<QueryPage<T>> | Promise<Request<QueryPage<T>>> {
  const mode = kind === 'command' ? ('command' as const) : kind === 'script' ? ('script' as const) : ('query' as const);
  const op = kind === 'server' ? SERVER_QUERY : QUERY;
  const q = { statement, mode, language: 'sql', pageSize, namedParams: !Array.isArray(params) };
  const build = () =>
    pageOf<T>(
      usesParameters(statement, params)
        ? queryParameters.loaded!.parameterizedRequest(op, q, params, endpoint)
        : request(op, q),
    );
  const ready = parametersReady(statement, params, call);
  if (ready) return ready.then(build);
  try {
    return build();
  } catch (error) {
    return Promise.reject(error);
  }
}
