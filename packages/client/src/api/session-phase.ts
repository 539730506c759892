// The database session's states, one discriminated union (drawn in packages/client/docs/session-states.md):
// DatabaseSession and its BackgroundReattach both assign it.
import type { StatelessConnection } from '../session/stateless-connection.js';
import type { Connection } from '../session/types.js';
import type { StoredSession } from '../tokens/stored-session.js';

/** Resolves with a reattach route's connection as soon as its probe is on the wire. */
export interface Tentative {
  conn: Promise<Connection>;
  reach(conn: Connection): void;
}

/**
 * The session's state; the transitions are the methods of DatabaseSession that assign its `#phase` (see the
 * drawing), and those of BackgroundReattach for `reconnecting` and a refused reopen.
 * - `unknown`: the token store has not been looked up yet.
 * - `none`: no session; dbOpen() or setSessionToken() make one.
 * - `stored`: a stored (or given) session, reattached on first use; `reopenRefused`: the session could not
 *   be reopened after a dropped connection, so its reattach starts at the token-only route.
 * - `attaching`: the reattach runs its routes; `tentative` is the route's connection before its probe is answered.
 * - `attached`: the slot carries the session (its connection may be closed: the next call reopens it).
 * - `reconnecting`: the connection dropped; the session is reattached in the background.
 * - `stateless`: route 3; every request carries the token alone.
 */
export type SessionPhase =
  | { name: 'unknown' }
  | { name: 'none' }
  | { name: 'stored'; entry: StoredSession; reopenRefused?: boolean }
  | { name: 'attaching'; entry: StoredSession; done: Promise<void>; tentative: Tentative; reopenRefused?: boolean }
  | { name: 'attached' }
  | { name: 'reconnecting'; done: Promise<void> }
  | { name: 'stateless'; conn: StatelessConnection | undefined; opening: Promise<StatelessConnection> | undefined };
