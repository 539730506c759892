// Tests' shorthand for single requests of the operation table on one connection, the way the protocol
// and session tests drive a connection without the OrientDB class.
import {
  DB_COUNTRECORDS,
  DB_CREATE,
  DB_DROP,
  DB_EXIST,
  DB_LIST,
  SERVER_INFO,
} from '../../src/codec/operations/admin.js';
import { DB_SIZE } from '../../src/codec/operations/db-size.js';
import { DB_RELOAD } from '../../src/codec/operations/storage-configuration.js';
import type { StorageType } from '../../src/codec/operations/admin.js';
import { SUBSCRIBE_LIVE_QUERY, UNSUBSCRIBE_LIVE_QUERY } from '../../src/codec/operations/live.js';
import {
  CLOSE_QUERY,
  QUERY,
  QUERY_NEXT_PAGE,
  type QueryPage,
  type QueryRequest,
  SERVER_QUERY,
} from '../../src/codec/operations/query.js';
import { RECORD_CREATE, RECORD_DELETE, RECORD_LOAD, RECORD_UPDATE } from '../../src/codec/operations/records.js';
import type { SessionToken } from '../../src/codec/operations/session.js';
import { DB_CLOSE } from '../../src/codec/operations/session.js';
import { TX_BEGIN, TX_COMMIT, TX_ROLLBACK, type TxOperation } from '../../src/codec/operations/transactions.js';
import type { Operation } from '../../src/codec/operations/operation.js';
import type { RecordId } from '../../src/codec/record-id.js';
import { RecordType } from '../../src/codec/types.js';
import { logIn } from '../../src/session/login.js';
import { type Request, request } from '../../src/session/request.js';
import type { Connection, RequestOptions } from '../../src/session/types.js';

export const dbSizeRequest = () => request(DB_SIZE, undefined);
export const dbListRequest = () => request(DB_LIST, undefined);
export const serverInfoRequest = () => request(SERVER_INFO, undefined);
export const queryRequest = (q: QueryRequest) => request(QUERY, q);
export const serverQueryRequest = (q: QueryRequest) => request(SERVER_QUERY, q);
export const queryNextPageRequest = (queryId: string, pageSize?: number) =>
  request(QUERY_NEXT_PAGE, { queryId, pageSize });
export const closeQueryRequest = (queryId: string) => request(CLOSE_QUERY, { queryId });
export const recordLoadRequest = (rid: RecordId, fetchPlan = '', ignoreCache = false) =>
  request(RECORD_LOAD, { rid, fetchPlan, ignoreCache });
export const recordCreateRequest = (clusterId: number, content: Uint8Array, recordType: number = RecordType.DOCUMENT) =>
  request(RECORD_CREATE, { clusterId, content, recordType });
export const recordUpdateRequest = (
  rid: RecordId,
  content: Uint8Array,
  version: number,
  recordType: number = RecordType.DOCUMENT,
) => request(RECORD_UPDATE, { rid, content, version, recordType });
export const recordDeleteRequest = (rid: RecordId, version: number) => request(RECORD_DELETE, { rid, version });
export const txBeginRequest = (txId: number, operations: readonly TxOperation[] | null = null) =>
  request(TX_BEGIN, { txId, operations });
export const txCommitRequest = (txId: number, operations: readonly TxOperation[] | null) =>
  request(TX_COMMIT, { txId, operations });
export const txRollbackRequest = (txId: number) => request(TX_ROLLBACK, { txId });
export const liveQuerySubscribeRequest = (query: string, params: Uint8Array, namedParams = true) =>
  request(SUBSCRIBE_LIVE_QUERY, { query, params, namedParams });
export const liveQueryUnsubscribeRequest = (monitorId: number) => request(UNSUBSCRIBE_LIVE_QUERY, { monitorId });

export const serverConnect = (
  conn: Connection,
  user: string,
  password: string,
  o?: RequestOptions,
): Promise<SessionToken> => logIn(conn, { user, password }, o);
export const databaseOpen = (
  conn: Connection,
  database: string,
  user: string,
  password: string,
  o?: RequestOptions,
): Promise<SessionToken> => logIn(conn, { database, user, password }, o);

/** DB_CLOSE (no answer): ends the server-side session; the connection forgets it. */
export async function databaseClose(conn: Connection): Promise<void> {
  await conn.request(request(DB_CLOSE, undefined));
  conn.sessionId = -1;
  conn.token = null;
}

/** Uses an existing session (e.g. one stored before a reload) on this connection. */
export function reattach(conn: Connection, sessionId: number, token: Uint8Array): void {
  conn.sessionId = sessionId;
  conn.token = token;
}

export const databaseCreate = (
  conn: Connection,
  name: string,
  storage: StorageType = 'memory',
  type: 'graph' | 'document' = 'graph',
  o?: RequestOptions,
) => conn.request(request(DB_CREATE, { name, storage, type }), o);
export const databaseExists = (conn: Connection, name: string, o?: RequestOptions) =>
  conn.request(request(DB_EXIST, { name }), o);
export const databaseDrop = (conn: Connection, name: string, storageType?: string, o?: RequestOptions) =>
  conn.request(request(DB_DROP, { name, storageType }), o);
export const databaseList = (conn: Connection, o?: RequestOptions) => conn.request(dbListRequest(), o);
export const databaseSize = (conn: Connection, o?: RequestOptions) => conn.request(dbSizeRequest(), o);
export const databaseCountRecords = (conn: Connection, o?: RequestOptions) =>
  conn.request(request(DB_COUNTRECORDS, undefined), o);
export const databaseReload = (conn: Connection, o?: RequestOptions) => conn.request(request(DB_RELOAD, undefined), o);
export const serverInfo = (conn: Connection, o?: RequestOptions) => conn.request(serverInfoRequest(), o);
export const query = (conn: Connection, q: QueryRequest, o?: RequestOptions): Promise<QueryPage> =>
  conn.request(queryRequest(q), o);
export const serverQuery = (conn: Connection, q: QueryRequest, o?: RequestOptions): Promise<QueryPage> =>
  conn.request(serverQueryRequest(q), o);
export const queryNextPage = (
  conn: Connection,
  queryId: string,
  pageSize?: number,
  o?: RequestOptions,
): Promise<QueryPage> => conn.request(queryNextPageRequest(queryId, pageSize), o);
export const closeQuery = (conn: Connection, queryId: string, o?: RequestOptions): Promise<void> =>
  conn.request(closeQueryRequest(queryId), o);

/** An operation outside the table (an opcode the client does not send, or a fault a test injects). */
export function rawRequest<T>(
  opcode: number,
  read: (r: import('../../src/codec/reader.js').Reader) => T,
  options: {
    write?: (w: import('../../src/codec/writer.js').Writer) => void;
    replay?: 'read' | 'write' | 'login';
  } = {},
): Request<T> {
  const op: Operation<void, T> = {
    opcode,
    name: `opcode ${opcode}`,
    family: 'admin',
    scope: 'database',
    replay: () => options.replay ?? 'read',
    answered: () => true,
    write: (w) => options.write?.(w),
    requestReader: () => () => undefined,
    readAnswer: read,
  };
  return request(op, undefined);
}

export const dbCountRecordsRequest = () => request(DB_COUNTRECORDS, undefined);
export const dbExistRequest = (name: string) => request(DB_EXIST, { name });
export const dbCreateRequest = (name: string, storage: StorageType, type: 'graph' | 'document' = 'graph') =>
  request(DB_CREATE, { name, storage, type });
export const dbDropRequest = (name: string) => request(DB_DROP, { name });
export const dbReloadRequest = () => request(DB_RELOAD, undefined);
