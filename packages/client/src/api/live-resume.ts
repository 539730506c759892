// Live queries across a dropped connection: the subscriptions waiting for the background reattach,
// moved to the new connection once it is proven, or ended with the reason the session did not come back.
// Made by the first live query (DatabaseSession.liveResume), whose code (live-query.ts) brings it.
import { ClientClosedError, ConnectionLostError, SessionExpiredError, TokenError } from '../errors.js';
import type { Connection } from '../session/types.js';
import type { CallOptions } from './options.js';

/** What LiveResume needs of a live query (live-query.ts's LiveQuery). */
interface Resumable {
  resubscribe(conn: Connection, options: CallOptions): Promise<void>;
  fail(error: Error): void;
}

export class LiveResume {
  readonly #waiting = new Set<Resumable>();
  readonly #willReattach: () => boolean;

  /** `willReattach`: whether a dropped database connection is being reattached in the background. */
  constructor(willReattach: () => boolean) {
    this.#willReattach = willReattach;
  }

  /** The DropHandler for the client's live queries. */
  readonly keep = (live: Resumable): boolean => {
    if (!this.#willReattach()) return false;
    this.#waiting.add(live);
    return true;
  };

  get waiting(): number {
    return this.#waiting.size;
  }

  /**
   * Subscribes the waiting live queries on `conn`; one the server refuses ends with `translate(error)`.
   * Those cut off by `conn` dropping in turn keep waiting for the next reattach.
   */
  async resubscribe(conn: Connection, call: CallOptions, translate: (error: unknown) => unknown): Promise<void> {
    const lives = [...this.#waiting];
    this.#waiting.clear();
    await Promise.all(
      lives.map(async (live) => {
        try {
          await live.resubscribe(conn, call);
        } catch (error) {
          if (conn.closed && this.#willReattach()) this.#waiting.add(live);
          else live.fail(translate(error) as Error);
        }
      }),
    );
  }

  /**
   * The session was not reopened on a new connection: the server refused its id (`error` a TokenError),
   * or its token expired, or a call gave the reopen up. The next call reattaches by the token-only
   * route, which cannot carry a live query.
   */
  notReopened(error: unknown): void {
    const why =
      error instanceof TokenError
        ? `the server no longer holds it: ${error.serverMessage}`
        : 'its token expired first, or it was given up';
    this.fail(
      new SessionExpiredError(`the session was not reopened after the dropped connection (${why}); log in again`, {
        cause: error,
      }),
    );
  }

  /** The background reattach gave up: `expired` when the session is gone, else the client closed or the connection stays lost. */
  notReattached(error: unknown, expired: SessionExpiredError | undefined, closed: boolean): void {
    this.fail(
      expired ??
        (closed
          ? new ClientClosedError()
          : new ConnectionLostError(
              'the connection carrying the live query dropped and the session could not be reattached',
              { cause: error },
            )),
    );
  }

  /** The session did not come back (or the client closed): every waiting live query ends with `error`. */
  fail(error: Error): void {
    const lives = [...this.#waiting];
    this.#waiting.clear();
    for (const live of lives) live.fail(error);
  }
}
