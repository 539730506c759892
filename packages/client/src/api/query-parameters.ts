// A statement's parameters: the check that a call gives every parameter its SQL names
// (sql-parameters.ts), and their encoding as QUERY and SUBSCRIBE_PUSH carry them. Loaded on first use
// (lazy-modules.ts): a page whose statements name no parameter never downloads the record encoder.
import type { DateZone } from '../codec/date-zone.js';
import type { OperationCodec } from '../codec/operations/operation.js';
import type { QueryPage, QueryRequest } from '../codec/operations/query.js';
import { encodeQueryParams } from '../codec/params.js';
import { type Request, request, requestEncodedOnWrite } from '../session/request.js';
import { type Params, paramsGiven } from './query-requests.js';
import { checkParameters } from './sql-parameters.js';

const NO_PARAMS = new Uint8Array(0);

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

/**
 * The first request of a statement that has parameters or may name some (`query` without them).
 * Throws InvalidArgumentError, naming `endpoint`, when the statement uses a parameter `params` lacks.
 */
export function parameterizedRequest(
  op: OperationCodec<QueryRequest, QueryPage>,
  query: QueryRequest,
  params: Params,
  endpoint: string,
): Request<QueryPage> {
  checkParameters(query.statement, params, endpoint);
  if (!paramsGiven(params)) return request(op, query);
  // Encoded as the request is written, when the connection knows the database's time zone.
  return requestEncodedOnWrite(op, query, (zone) => encodeParams(params, zone));
}
