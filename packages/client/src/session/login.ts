// Logging in on a connection: the connection adopts the new session as soon as the login's answer is
// read, before any request held behind the login is written.
import { CONNECT, DB_OPEN, type SessionToken } from '../codec/operations/session.js';
import { AuthenticationError, DatabaseNotFoundError, ServerError } from '../errors.js';
import { mapAnswer, request } from './request.js';
import type { Connection, RequestOptions } from './types.js';

/** CONNECT as a server user (`database` undefined) or DB_OPEN; the connection adopts the new session. */
export function logIn(
  conn: Connection,
  credentials: { database?: string; user: string; password: string },
  options?: RequestOptions,
  endpoint?: string,
): Promise<SessionToken> {
  const { database, user, password } = credentials;
  const login =
    database === undefined ? request(CONNECT, { user, password }) : request(DB_OPEN, { database, user, password });
  const adopting = mapAnswer(login, (session) => {
    conn.sessionId = session.sessionId;
    conn.token = session.token;
    return session;
  });
  // The codec's errors know the server's text only: say here which endpoint, user and database it was about.
  return conn.request(adopting, options).catch((error: unknown) => {
    const target = { endpoint, user, database };
    if (error instanceof AuthenticationError) throw new AuthenticationError(error, target);
    if (error instanceof DatabaseNotFoundError || (database !== undefined && missingBefore32(error, database)))
      throw new DatabaseNotFoundError(error, target);
    throw error;
  });
}

const DATABASE_EXCEPTION_CLASS = 'com.orientechnologies.orient.core.exception.ODatabaseException';

/**
 * OrientDB 3.0 and 3.1 answer DB_OPEN of a missing database with an ODatabaseException wrapping the
 * OStorageDoesNotExistException, and send the outer class alone: this exact text, the database's name
 * and nothing after it. (3.2 sends OStorageDoesNotExistException itself.)
 */
function missingBefore32(error: unknown, database: string): error is ServerError {
  return (
    error instanceof ServerError &&
    error.javaClass === DATABASE_EXCEPTION_CLASS &&
    error.serverMessage === `Cannot open database '${database}'`
  );
}
