// Logging in on a connection: the connection adopts the new session as soon as the login's answer is
// read, before any request held behind the login is written.
import { CONNECT, DB_OPEN, type SessionToken } from '../codec/operations/session.js';
import { mapAnswer, request } from './request.js';
import type { Connection, RequestOptions } from './types.js';

/** CONNECT as a server user (`database` undefined) or DB_OPEN; the connection adopts the new session. */
export function logIn(
  conn: Connection,
  credentials: { database?: string; user: string; password: string },
  options?: RequestOptions,
): Promise<SessionToken> {
  const { database, user, password } = credentials;
  const login =
    database === undefined ? request(CONNECT, { user, password }) : request(DB_OPEN, { database, user, password });
  const adopting = mapAnswer(login, (session) => {
    conn.sessionId = session.sessionId;
    conn.token = session.token;
    return session;
  });
  return conn.request(adopting, options);
}
