// Request descriptors for the database and server operations: opcode, body writer, decoder, skipper.
import { encodeCloseQueryRequest, decodeCloseQueryResponse } from '../codec/operations/query.js';
import { encodeConnectRequest, decodeConnectResponse } from '../codec/operations/session.js';
import { encodeDbCloseRequest } from '../codec/operations/session.js';
import { encodeDbCountRecordsRequest, decodeDbCountRecordsResponse } from '../codec/operations/admin.js';
import { encodeDbCreateRequest, decodeDbCreateResponse, type StorageType } from '../codec/operations/admin.js';
import { encodeDbDropRequest, decodeDbDropResponse } from '../codec/operations/admin.js';
import { encodeDbExistRequest, decodeDbExistResponse } from '../codec/operations/admin.js';
import { encodeDbListRequest, decodeDbListResponse } from '../codec/operations/admin.js';
import { encodeDbOpenRequest, decodeDbOpenResponse } from '../codec/operations/session.js';
import { decodeDbReloadResponse, encodeDbReloadRequest, type StorageConfiguration } from '../codec/operations/admin.js';
import { encodeDbSizeRequest, decodeDbSizeResponse } from '../codec/operations/admin.js';
import * as op from '../codec/operations/opcodes.js';
import {
  createQueryResponseSkipper, decodeQueryResponse, encodeQueryNextPageRequest, encodeQueryRequest,
  type QueryPage, type QueryRequest,
} from '../codec/operations/query.js';
import { decodeServerInfoResponse, encodeServerInfoRequest } from '../codec/operations/admin.js';
import type { SessionToken } from '../codec/operations/session.js';
import type { Request } from './types.js';

export function connectRequest(user: string, password: string): Request<SessionToken> {
  return { opcode: op.REQUEST_CONNECT, fresh: true, idempotent: true, write: (w) => encodeConnectRequest(w, user, password), read: decodeConnectResponse };
}

export function dbOpenRequest(database: string, user: string, password: string): Request<SessionToken> {
  return { opcode: op.REQUEST_DB_OPEN, fresh: true, idempotent: true, write: (w) => encodeDbOpenRequest(w, database, user, password), read: decodeDbOpenResponse };
}

export function dbCloseRequest(): Request<void> {
  return { opcode: op.REQUEST_DB_CLOSE, noResponse: true, idempotent: true, write: encodeDbCloseRequest, read: () => {} };
}

export function dbCreateRequest(name: string, storage: StorageType, type: 'graph' | 'document' = 'graph'): Request<void> {
  return { opcode: op.REQUEST_DB_CREATE, write: (w) => encodeDbCreateRequest(w, name, storage, type), read: decodeDbCreateResponse };
}

export function dbExistRequest(name: string, storageType?: string): Request<boolean> {
  return { opcode: op.REQUEST_DB_EXIST, idempotent: true, write: (w) => encodeDbExistRequest(w, name, storageType), read: decodeDbExistResponse };
}

export function dbDropRequest(name: string, storageType?: string): Request<void> {
  return { opcode: op.REQUEST_DB_DROP, write: (w) => encodeDbDropRequest(w, name, storageType), read: decodeDbDropResponse };
}

export function dbListRequest(): Request<Record<string, string>> {
  return { opcode: op.REQUEST_DB_LIST, idempotent: true, write: encodeDbListRequest, read: decodeDbListResponse };
}

export function dbSizeRequest(): Request<number | bigint> {
  return { opcode: op.REQUEST_DB_SIZE, idempotent: true, write: encodeDbSizeRequest, read: decodeDbSizeResponse };
}

export function dbCountRecordsRequest(): Request<number | bigint> {
  return { opcode: op.REQUEST_DB_COUNTRECORDS, idempotent: true, write: encodeDbCountRecordsRequest, read: decodeDbCountRecordsResponse };
}

export function dbReloadRequest(): Request<StorageConfiguration> {
  return { opcode: op.REQUEST_DB_RELOAD, idempotent: true, write: encodeDbReloadRequest, read: decodeDbReloadResponse };
}

export function serverInfoRequest(): Request<string> {
  return { opcode: op.REQUEST_SERVER_INFO, idempotent: true, write: encodeServerInfoRequest, read: decodeServerInfoResponse };
}

/** QUERY (45); only mode 'query' (idempotent) is marked safe to replay. */
export function queryRequest(q: QueryRequest): Request<QueryPage> {
  return {
    opcode: op.REQUEST_QUERY, idempotent: (q.mode ?? 'query') === 'query',
    write: (w) => encodeQueryRequest(w, q), read: decodeQueryResponse, skip: createQueryResponseSkipper(),
  };
}

/** SERVER_QUERY (50): server-level SQL on a CONNECT session (create/drop/exists database ...). */
export function serverQueryRequest(q: QueryRequest): Request<QueryPage> {
  return {
    opcode: op.REQUEST_SERVER_QUERY, idempotent: (q.mode ?? 'query') === 'query',
    write: (w) => encodeQueryRequest(w, q), read: decodeQueryResponse, skip: createQueryResponseSkipper(),
  };
}

export function queryNextPageRequest(queryId: string, pageSize?: number): Request<QueryPage> {
  return {
    opcode: op.REQUEST_QUERY_NEXT_PAGE,
    write: (w) => encodeQueryNextPageRequest(w, queryId, pageSize), read: decodeQueryResponse, skip: createQueryResponseSkipper(),
  };
}

export function closeQueryRequest(queryId: string): Request<void> {
  return { opcode: op.REQUEST_CLOSE_QUERY, idempotent: true, write: (w) => encodeCloseQueryRequest(w, queryId), read: decodeCloseQueryResponse };
}
