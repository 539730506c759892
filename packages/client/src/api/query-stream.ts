// Query results as an async iterable: the first page comes with QUERY, later pages are fetched
// lazily with QUERY_NEXT_PAGE, and leaving the loop early closes the server-side cursor (CLOSE_QUERY).
// `toArray` reads one page ahead (PageCursor) and joins the pages without going row by row.
import type { Connection } from '../session/connection.js';
import type { Request } from '../session/types.js';
import type { CallOptions } from './options.js';
import { PageCursor } from './page-cursor.js';
import type { QueryPage } from './query-requests.js';

export class ResultStream<T> implements AsyncIterable<T> {
  #conn: () => Promise<Connection>;
  #first: Request<QueryPage<T>>;
  #pageSize: number;
  #options: CallOptions;
  #started = false;
  #queryId: string | undefined;
  #translate: (error: unknown) => unknown;

  constructor(conn: () => Promise<Connection>, first: Request<QueryPage<T>>, pageSize: number, options: CallOptions, translate: (error: unknown) => unknown = (e) => e) {
    this.#translate = translate;
    this.#conn = conn;
    this.#first = first;
    this.#pageSize = pageSize;
    this.#options = options;
  }

  /** The server's cursor id once the first page has arrived ('' when the server sent none). */
  get queryId(): string | undefined { return this.#queryId; }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const { cursor, page: first } = await this.#open(false);
    let page: QueryPage<T> | undefined = first;
    try {
      while (page) {
        for (const item of page.items) yield item;
        page = await this.#next(cursor);
      }
    } finally {
      await cursor.close();
    }
  }

  /** Reads every row into an array. */
  async toArray(): Promise<T[]> {
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
    const cursor = new PageCursor<T>(await this.#conn(), this.#pageSize, this.#options, readAhead);
    let page: QueryPage<T>;
    try {
      page = await cursor.first(this.#first);
    } catch (error) {
      throw this.#translate(error);
    }
    this.#queryId = page.queryId;
    return { cursor, page };
  }

  async #next(cursor: PageCursor<T>): Promise<QueryPage<T> | undefined> {
    try {
      return await cursor.next();
    } catch (error) {
      throw this.#translate(error);
    }
  }
}
