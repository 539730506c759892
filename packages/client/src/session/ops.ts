// Session-level operations on one Connection: log in (server or database), close, admin calls, queries.
import type { StorageType } from '../codec/operations/admin.js';
import type { StorageConfiguration } from '../codec/operations/admin.js';
import type { QueryPage, QueryRequest } from '../codec/operations/query.js';
import type { SessionToken } from '../codec/operations/session.js';
import type { Connection } from './connection.js';
import * as req from './requests.js';
import type { Request, RequestOptions } from './types.js';

/** Makes a login request adopt the new session on the connection as soon as its answer is decoded. */
function adopting(conn: Connection, r: Request<SessionToken>): Request<SessionToken> {
  return {
    ...r,
    read: (reader) => {
      const s = r.read(reader);
      conn.sessionId = s.sessionId;
      conn.token = s.token;
      return s;
    },
  };
}

/** CONNECT as a server user; the connection adopts the new session. */
export function serverConnect(conn: Connection, user: string, password: string, options?: RequestOptions): Promise<SessionToken> {
  return conn.request(adopting(conn, req.connectRequest(user, password)), options);
}

/** DB_OPEN; the connection adopts the new session. */
export function databaseOpen(conn: Connection, db: string, user: string, password: string, options?: RequestOptions): Promise<SessionToken> {
  return conn.request(adopting(conn, req.dbOpenRequest(db, user, password)), options);
}

/** DB_CLOSE (no response): ends the server-side session; the connection forgets it. */
export async function databaseClose(conn: Connection): Promise<void> {
  await conn.request(req.dbCloseRequest());
  conn.sessionId = -1;
  conn.token = null;
}

/** Uses an existing session (e.g. one stored before a reload) on this connection. */
export function reattach(conn: Connection, sessionId: number, token: Uint8Array): void {
  conn.sessionId = sessionId;
  conn.token = token;
}

export const databaseCreate = (conn: Connection, name: string, storage: StorageType = 'memory', type: 'graph' | 'document' = 'graph', o?: RequestOptions): Promise<void> =>
  conn.request(req.dbCreateRequest(name, storage, type), o);
export const databaseExists = (conn: Connection, name: string, o?: RequestOptions): Promise<boolean> => conn.request(req.dbExistRequest(name), o);
export const databaseDrop = (conn: Connection, name: string, storageType?: string, o?: RequestOptions): Promise<void> => conn.request(req.dbDropRequest(name, storageType), o);
export const databaseList = (conn: Connection, o?: RequestOptions): Promise<Record<string, string>> => conn.request(req.dbListRequest(), o);
export const databaseSize = (conn: Connection, o?: RequestOptions): Promise<number | bigint> => conn.request(req.dbSizeRequest(), o);
export const databaseCountRecords = (conn: Connection, o?: RequestOptions): Promise<number | bigint> => conn.request(req.dbCountRecordsRequest(), o);
export const databaseReload = (conn: Connection, o?: RequestOptions): Promise<StorageConfiguration> => conn.request(req.dbReloadRequest(), o);
export const serverInfo = (conn: Connection, o?: RequestOptions): Promise<string> => conn.request(req.serverInfoRequest(), o);

export const query = (conn: Connection, q: QueryRequest, o?: RequestOptions): Promise<QueryPage> => conn.request(req.queryRequest(q), o);
export const serverQuery = (conn: Connection, q: QueryRequest, o?: RequestOptions): Promise<QueryPage> => conn.request(req.serverQueryRequest(q), o);
export const queryNextPage = (conn: Connection, queryId: string, pageSize?: number, o?: RequestOptions): Promise<QueryPage> =>
  conn.request(req.queryNextPageRequest(queryId, pageSize), o);
export const closeQuery = (conn: Connection, queryId: string, o?: RequestOptions): Promise<void> => conn.request(req.closeQueryRequest(queryId), o);
