// Query results as an async iterable: the first page comes with QUERY, later pages are fetched
// lazily with QUERY_NEXT_PAGE, and leaving the loop early closes the server-side cursor (CLOSE_QUERY).
import type { Connection } from '../session/connection.js';
import type { Request } from '../session/types.js';
import { closeQuery, nextPage, type QueryPage } from './query-requests.js';
import type { CallOptions } from './options.js';

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
    if (this.#started) throw new TypeError('a ResultStream can be iterated only once');
    this.#started = true;
    const conn = await this.#conn();
    let page: QueryPage<T>;
    try {
      page = await conn.request(this.#first, this.#options);
    } catch (error) {
      throw this.#translate(error);
    }
    this.#queryId = page.queryId;
    let open = page.hasNextPage;
    try {
      for (;;) {
        for (const item of page.items) yield item;
        if (!page.hasNextPage) { open = false; return; }
        try {
          page = await conn.request(nextPage<T>(page.queryId, this.#pageSize), this.#options);
        } catch (error) {
          open = false;
          throw this.#translate(error);
        }
        open = page.hasNextPage;
      }
    } finally {
      if (open) await conn.request(closeQuery(page.queryId), { timeoutMs: this.#options.timeoutMs }).catch(() => undefined);
    }
  }

  /** Reads every row into an array. */
  async toArray(): Promise<T[]> {
    const rows: T[] = [];
    for await (const row of this) rows.push(row);
    return rows;
  }
}
