// Query results as an async iterable: the first page comes with QUERY, later pages are fetched
// lazily with QUERY_NEXT_PAGE, and leaving the loop early closes the server-side cursor (CLOSE_QUERY).
// `toArray` reads one page ahead (PageCursor) and joins the pages without going row by row.
import type { Request } from '../session/request.js';
import type { RequestOptions } from '../session/types.js';
import { PageCursor } from './page-cursor.js';
import type { QueryPage } from './query-requests.js';
import type { Session } from './session.js';

export class ResultStream<T> implements AsyncIterable<T> {
  readonly #session: Session;
  readonly #first: Request<QueryPage<T>>;
  readonly #pageSize: number;
  readonly #options: RequestOptions;
  readonly #early: boolean;
  readonly #ended: ((rows: number, error?: unknown) => void) | undefined;
  #started = false;
  #queryId: string | undefined;

  /**
   * `early`: the first request may follow a reattach's probe (see DatabaseSession.conn). `ended` hears
   * how many rows were handed out, and the error, once the stream is over (for the 'query' event).
   */
  constructor(
    session: Session,
    first: Request<QueryPage<T>>,
    pageSize: number,
    options: RequestOptions,
    early = false,
    ended?: (rows: number, error?: unknown) => void,
  ) {
    this.#session = session;
    this.#first = first;
    this.#pageSize = pageSize;
    this.#options = options;
    this.#early = early;
    this.#ended = ended;
  }

  /** The server's cursor id once the first page has arrived ('' when the server sent none). */
  get queryId(): string | undefined {
    return this.#queryId;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
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

  async #open(readAhead: boolean): Promise<{ cursor: PageCursor<T>; page: QueryPage<T> }> {
    if (this.#started) throw new TypeError('a ResultStream can be iterated only once');
    this.#started = true;
    let cursor: PageCursor<T>;
    let page: QueryPage<T>;
    try {
      cursor = new PageCursor<T>(
        this.#session,
        await this.#session.conn(this.#options, this.#early),
        this.#pageSize,
        this.#options,
        readAhead,
      );
      page = await cursor.first(this.#first);
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
