// Query results as an async iterable: the first page comes with QUERY, later pages are fetched
// lazily with QUERY_NEXT_PAGE, and leaving the loop early closes the server-side cursor (CLOSE_QUERY).
// `toArray` reads one page ahead (PageCursor) and joins the pages without going row by row.
import type { Request } from '../session/request.js';
import type { RequestOptions } from '../session/types.js';
import { PageCursor } from './page-cursor.js';
import type { StreamObserver } from './query-observer.js';
import type { QueryPage } from './query-requests.js';
import type { Session } from './session.js';

export class ResultStream<T> implements AsyncIterable<T> {
  #session: Session;
  /** A promise while the code of the statement's parameters loads (queryRequest). */
  readonly #first: Request<QueryPage<T>> | Promise<Request<QueryPage<T>>>;
  readonly #pageSize: number;
  readonly #options: RequestOptions;
  readonly #early: boolean;
  #ended: ((rows: number, error?: unknown) => void) | undefined;
  /** The observer while its code loads (lazy-modules.ts): the first request waits for it. */
  #observing: Promise<StreamObserver | undefined> | undefined;
  #started = false;
  #queryId: string | undefined;

  /**
   * `early`: the first request may follow a reattach's probe (see DatabaseSession.conn). `observer`
   * (the 'query' event) counts the answer bytes and hears how many rows were handed out, and the
   * error, once the stream is over; given as a promise, the stream's first request waits for it and
   * its rejection (ChunkLoadError) is the stream's.
   */
  constructor(
    session: Session,
    first: Request<QueryPage<T>> | Promise<Request<QueryPage<T>>>,
    pageSize: number,
    options: RequestOptions,
    early = false,
    observer?: StreamObserver | Promise<StreamObserver | undefined>,
  ) {
    this.#session = session;
    this.#first = first;
    // Like the observer's below: a rejection (a missing parameter, ChunkLoadError) is the reader's.
    if (first instanceof Promise) first.catch(() => undefined);
    this.#pageSize = pageSize;
    this.#options = options;
    this.#early = early;
    if (observer instanceof Promise) {
      // Rejected before anyone reads the stream, it is not an unhandled rejection: reading rethrows it.
      observer.catch(() => undefined);
      this.#observing = observer;
    } else if (observer) this.#observe(observer);
  }

  /** The server's cursor id once the first page has arrived ('' when the server sent none). */
  get queryId(): string | undefined {
    return this.#queryId;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    this.#start();
    if (this.#observing) this.#observe(await this.#observing);
    let rows = 0;
    let failure: unknown;
    try {
      const { cursor, page: first } = await this.#open(false);
      let page: QueryPage<T> | undefined = first;
      try {
        while (page) {
          for (const item of page.items) {
            rows++;
            yield item;
          }
          page = await this.#next(cursor);
        }
      } finally {
        await cursor.close();
      }
    } catch (error) {
      failure = error;
      throw error;
    } finally {
      this.#ended?.(rows, failure);
    }
  }

  /** Reads every row into an array. */
  async toArray(): Promise<T[]> {
    this.#start();
    if (this.#observing) this.#observe(await this.#observing);
    if (!this.#ended) return this.#all();
    try {
      const rows = await this.#all();
      this.#ended(rows.length);
      return rows;
    } catch (error) {
      this.#ended(0, error);
      throw error;
    }
  }

  async #all(): Promise<T[]> {
    const { cursor, page: first } = await this.#open(true);
    const rows = first.items;
    if (!first.hasNextPage) return rows;
    try {
      for (let page = await this.#next(cursor); page; page = await this.#next(cursor)) {
        for (const item of page.items) rows.push(item);
      }
      return rows;
    } finally {
      await cursor.close();
    }
  }

  /** Checked before any wait for the observer, so that a second read fails at once and is not observed. */
  #start(): void {
    if (this.#started) throw new TypeError('a ResultStream can be iterated only once');
    this.#started = true;
  }

  /** Reads through the observer's metered session from the first request on, and tells it the end. */
  #observe(observer: StreamObserver | undefined): void {
    this.#observing = undefined;
    if (!observer) return;
    this.#session = observer.meter(this.#session);
    this.#ended = observer.ended;
  }

  async #open(readAhead: boolean): Promise<{ cursor: PageCursor<T>; page: QueryPage<T> }> {
    let cursor: PageCursor<T>;
    let page: QueryPage<T>;
    try {
      // The statement first, then its connection: during a reattach an early connection must carry the
      // request right behind its probe, not once the parameters' code has loaded.
      const first = await this.#first;
      const conn = await this.#session.conn(this.#options, this.#early);
      cursor = new PageCursor<T>(this.#session, conn, this.#pageSize, this.#options, readAhead);
      page = await cursor.first(first);
    } catch (error) {
      throw this.#session.translate(error);
    }
    this.#queryId = page.queryId;
    return { cursor, page };
  }

  async #next(cursor: PageCursor<T>): Promise<QueryPage<T> | undefined> {
    try {
      return await cursor.next();
    } catch (error) {
      throw this.#session.translate(error);
    }
  }
}
