// One connection seen as a Session, so ResultStream and PageCursor run on a pooled connection as they
// do on the client's database session. Nothing is reattached here: a dropped pooled connection is
// replaced by the pool, and whether a call runs again is the pool's decision (resend.ts), not this one's.
import type { ReplayClass } from '../codec/operations/operation.js';
import type { Request } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import type { Session } from './session.js';

export class PinnedSession implements Session {
  readonly kind = 'database' as const;
  readonly handle = null;
  readonly #conn: Connection;

  constructor(conn: Connection) {
    this.#conn = conn;
  }

  async conn(): Promise<Connection> {
    return this.#conn;
  }
  request<T>(req: Request<T>, call: RequestOptions): Promise<T> {
    return this.#conn.request(req, call);
  }
  send<T>(run: () => Promise<T>, _replay: ReplayClass): Promise<T> {
    return run();
  }
  /** No background reattach: a page cut off here fails with CursorLostError (PageCursor's rule). */
  async reconnected(): Promise<void> {}
  translate(error: unknown): unknown {
    return error;
  }
  attach(): void {}
  close(): void {}
}
