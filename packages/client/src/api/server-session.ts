// The client's server session (CONNECT): administration and server-level SQL. Unlike the database
// session it is not reattached in the background or on first use, so nothing is sent again.
import type { ReplayClass } from '../codec/operations/operation.js';
import { ClientClosedError, TokenError } from '../errors.js';
import type { Request } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import type { Session } from './session.js';
import type { SessionSlot } from './session-slot.js';
import type { SessionHandle } from './session-token.js';

export class ServerSession implements Session {
  readonly kind = 'server';
  readonly slot: SessionSlot;
  readonly #closed: () => boolean;

  constructor(slot: SessionSlot, closed: () => boolean) {
    this.slot = slot;
    this.#closed = closed;
  }

  get handle(): SessionHandle | null {
    return this.slot.handle;
  }

  /** CONNECT as a server user on a new connection. */
  login(user: string, password: string, call: RequestOptions): Promise<void> {
    return this.slot.login({ user, password }, call);
  }

  attach(handle: SessionHandle): void {
    this.slot.attach(handle);
  }

  conn(call: RequestOptions): Promise<Connection> {
    return this.#closed() ? Promise.reject(new ClientClosedError()) : this.slot.conn(call);
  }

  request<T>(req: Request<T>, call: RequestOptions): Promise<T> {
    return this.send(async () => (await this.conn(call)).request(req, call), req.replay);
  }

  async send<T>(run: () => Promise<T>, _replay: ReplayClass): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw this.translate(error);
    }
  }

  /** A server session is not reattached in the background. */
  reconnected(): Promise<void> {
    return Promise.resolve();
  }

  translate(error: unknown): unknown {
    return error instanceof TokenError && this.slot.handle ? this.slot.expire(error) : error;
  }

  close(options: { logout?: boolean }): void {
    this.slot.close(options);
  }
}
