// The api's modules loaded on first use (src/lazy.ts): what a page that opens or reattaches a session
// and queries never runs. In the browser bundle each is a file of its own beside it.
import { lazy } from '../lazy.js';

/** live(): the subscription, its events and its move to a reattached connection. */
export const liveQueries = lazy(import.meta.url, './live-query.js', () => import('./live-query.js'));

/** transaction() and a batch transaction's commit(). */
export const transactions = lazy(import.meta.url, './transaction.js', () => import('./transaction.js'));

/** recordLoad(), recordCreate(), recordUpdate(), recordDelete(). */
export const recordCalls = lazy(import.meta.url, './records.js', () => import('./records.js'));

/** Route 3 of a reattach, token-only requests: a fallback most reloads never reach. */
export const statelessConnections = lazy(
  import.meta.url,
  '../session/stateless-connection.js',
  () => import('../session/stateless-connection.js'),
);

/**
 * The administration calls' operations (dbCreate() ... dbCountRecords()). DB_SIZE and DB_RELOAD, which
 * every session sends, are of the same family but in files of their own that come with the bundle.
 */
export const adminOperations = lazy(
  import.meta.url,
  '../codec/operations/admin.js',
  () => import('../codec/operations/admin.js'),
);

/**
 * A statement's parameters, their check and encoding (the record encoder with it): loaded by the first
 * statement that has parameters or may name some.
 */
export const queryParameters = lazy(import.meta.url, './query-parameters.js', () => import('./query-parameters.js'));

/** Tagged SQL (db.query`...`): the template compiled into a statement and named parameters. */
export const taggedSql = lazy(import.meta.url, './tagged-sql.js', () => import('./tagged-sql.js'));

/** The 'query' event: loaded once a listener is registered; a query that starts while it loads waits for it. */
export const queryObservers = lazy(import.meta.url, './query-observer.js', () => import('./query-observer.js'));

/** The server session (connect(), serverQuery(), the administration calls): most pages never open one. */
export const serverSessions = lazy(import.meta.url, './server-session.js', () => import('./server-session.js'));
