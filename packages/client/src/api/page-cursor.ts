// The pages of one query on one connection, lazily or one page ahead (`readAhead`: when a page the
// reader waits for is complete, QUERY_NEXT_PAGE for the next one goes out before that page is decoded,
// so the server produces page n+1 while page n is decoded). `close` drains a page in flight, then CLOSE_QUERY.
// A page cut off by a dropped connection is asked for again only where the cursor survived: on the
// same upstream connection, resumed from the bridge's parking lot; otherwise CursorLostError.
import { createQueryResponseSkipper } from '../codec/operations/query.js';
import { ClientClosedError, ConnectionLostError, CursorLostError } from '../errors.js';
import type { Request } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import { closeQuery, nextPage, type QueryPage } from './query-requests.js';
import type { Session } from './session.js';

const ignore = (): void => undefined;

export class PageCursor<T> {
  readonly #session: Session;
  #conn: Connection;
  readonly #pageSize: number;
  readonly #options: RequestOptions;
  readonly #readAhead: boolean;
  /** The next page, requested before the reader asked for it. */
  #ahead: Promise<QueryPage<T>> | undefined;
  /** The reader waits for the page in flight: its arrival sends the request after it. */
  #wanted = true;
  #ended = false;
  /** The server's cursor is open after the last page received (hasNextPage). */
  #more = false;
  #queryId = '';

  constructor(session: Session, conn: Connection, pageSize: number, options: RequestOptions, readAhead: boolean) {
    this.#session = session;
    this.#readAhead = readAhead;
    this.#conn = conn;
    this.#pageSize = pageSize;
    this.#options = options;
  }

  /** Sends the statement's first request; the page after it is requested as soon as it arrives. */
  async first(req: Request<QueryPage<T>>): Promise<QueryPage<T>> {
    let page: QueryPage<T>;
    try {
      page = await this.#conn.request(this.#lookahead(req), this.#options);
    } catch (error) {
      this.#ended = true;
      throw error;
    }
    return this.#received(page);
  }

  /** The next page, or undefined after the last one. A failure ends the cursor (its state on the server is unknown). */
  async next(): Promise<QueryPage<T> | undefined> {
    if (this.#ended || !this.#more) return undefined;
    let pending = this.#ahead;
    this.#ahead = undefined;
    this.#wanted = true;
    pending ??= this.#request();
    try {
      return this.#received(await pending.catch((error: unknown) => this.#afterDrop(error)));
    } catch (error) {
      this.#ended = true;
      this.#more = false;
      throw error;
    }
  }

  /**
   * The page request failed. Cut off by a dropped (or parked) connection, the page is asked for once
   * more on the session's next connection if that is the same upstream, resumed: the cursor lives there.
   */
  async #afterDrop(error: unknown): Promise<QueryPage<T>> {
    if (!(error instanceof ConnectionLostError || error instanceof ClientClosedError) || !this.#conn.closed)
      throw error;
    await this.#session.reconnected();
    const conn = await this.#session.conn(this.#options);
    if (conn === this.#conn || !conn.resumed) throw new CursorLostError({ cause: error });
    this.#conn = conn;
    this.#wanted = false;
    return this.#conn.request(nextPage<T>(this.#queryId, this.#pageSize), this.#options);
  }

  /** Stops: a page in flight is waited for, and a cursor still open on the server is closed. */
  async close(): Promise<void> {
    if (this.#ended) return;
    this.#ended = true;
    const pending = this.#ahead;
    this.#ahead = undefined;
    if (pending) {
      try {
        const page = await pending;
        this.#more = page.hasNextPage;
        this.#queryId = page.queryId;
      } catch {
        this.#more = false;
      }
    }
    if (!this.#more) return;
    this.#more = false;
    await this.#conn.request(closeQuery(this.#queryId), { timeoutMs: this.#options.timeoutMs }).catch(ignore);
  }

  #received(page: QueryPage<T>): QueryPage<T> {
    this.#queryId = page.queryId;
    this.#more = page.hasNextPage;
    if (this.#readAhead && this.#more && !this.#ahead && !this.#ended) this.#ahead = this.#request();
    return page;
  }

  #request(): Promise<QueryPage<T>> {
    this.#wanted = false;
    const pending = this.#conn.request(this.#lookahead(nextPage<T>(this.#queryId, this.#pageSize)), this.#options);
    pending.catch(ignore);
    return pending;
  }

  /** The request with a skipper that, once its page is complete, asks for the next one if the reader waits. */
  #lookahead(req: Request<QueryPage<T>>): Request<QueryPage<T>> {
    if (!this.#readAhead) return req;
    const onEnd = (queryId: string, hasNextPage: boolean): void => {
      if (!hasNextPage || !this.#wanted || this.#ended || this.#ahead) return;
      this.#queryId = queryId;
      this.#ahead = this.#request();
    };
    return { ...req, skip: createQueryResponseSkipper(onEnd) };
  }
}
