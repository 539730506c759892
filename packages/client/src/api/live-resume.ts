// Live queries across a dropped connection: the subscriptions waiting for the background reattach,
// moved to the new connection once it is proven, or ended with the reason the session did not come back.
import type { Connection } from '../session/types.js';
import type { LiveQuery } from './live-query.js';
import type { CallOptions } from './options.js';

export class LiveResume {
  readonly #waiting = new Set<LiveQuery<unknown>>();
  readonly #willReattach: () => boolean;

  /** `willReattach`: whether a dropped database connection is being reattached in the background. */
  constructor(willReattach: () => boolean) {
    this.#willReattach = willReattach;
  }

  /** The DropHandler for the client's live queries. */
  readonly keep = (live: LiveQuery<unknown>): boolean => {
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

  /** The session did not come back (or the client closed): every waiting live query ends with `error`. */
  fail(error: Error): void {
    const lives = [...this.#waiting];
    this.#waiting.clear();
    for (const live of lives) live.fail(error);
  }
}
