// What the client asks of either of its sessions (the database session, the server session): a
// connection, requests sent with the one resend rule, and errors read in the session's light.
import type { ReplayClass } from '../codec/operations/operation.js';
import type { Request } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import type { SessionHandle, SessionKind } from './session-token.js';

export interface Session {
  readonly kind: SessionKind;
  /** The session's id, token and database, or null when there is none. */
  readonly handle: SessionHandle | null;
  /** The connection carrying the session, opened (and reattached) when needed. */
  conn(call: RequestOptions, early?: boolean): Promise<Connection>;
  /** Sends one request; sent again only where the resend rule allows. */
  request<T>(req: Request<T>, call: RequestOptions): Promise<T>;
  /** Runs a call of several requests (a query's pages) under the resend rule of `replay`. */
  send<T>(run: () => Promise<T>, replay: ReplayClass): Promise<T>;
  /** Resolves when a background reattach of a dropped connection (if one runs) has ended. */
  reconnected(): Promise<void>;
  /** The error a caller sees: a refused token becomes SessionExpiredError once the session is known gone. */
  translate(error: unknown): unknown;
  attach(handle: SessionHandle): void;
  close(options: { logout?: boolean }): void;
}
