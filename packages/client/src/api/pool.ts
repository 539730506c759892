// pool(): query, command, batch, stream and transaction on whichever pooled connection is free (see
// pool-connections.ts for how connections come and go). Each call runs the client's own code on its
// connection: ResultStream and PageCursor through a PinnedSession, runTransaction for transactions.
// A query cut off by a dropped connection runs once more on another (resend.ts decides, as for the
// client); a command, script or transaction is never sent twice.
import type { ReplayClass } from '../codec/operations/operation.js';
import { ClientEventEmitter } from './events.js';
import type { StreamOptions } from './options.js';
import { PinnedSession } from './pinned-session.js';
import { type Lease, PoolConnections, type PoolStats } from './pool-connections.js';
import { type PoolOptions, resolvePoolOptions } from './pool-options.js';
import type { Params, QueryKind, Row } from './query-requests.js';
import { queryRequest } from './statement-request.js';
import type { QueryEvent } from './query-event.js';
import { type Metering, observedQuery, queryCall, type StreamObserver, streamObserver } from './query-observer.js';
import { ResultStream } from './query-stream.js';
import { resendVerdict } from './resend.js';
import { statementOf } from './statement.js';
import { compileTemplate } from './tagged-sql.js';
import { runTransaction, type Transaction } from './transaction.js';

export class Pool {
  readonly #connections: PoolConnections;
  readonly #timeoutMs: number;
  readonly #pageSize: number;
  readonly #endpoint: string;
  readonly #queryEventParams: boolean;
  readonly #events = new ClientEventEmitter();

  constructor(options: PoolOptions) {
    const o = resolvePoolOptions(options);
    this.#timeoutMs = o.timeoutMs;
    this.#pageSize = o.pageSize;
    this.#endpoint = o.transport.endpoint;
    this.#queryEventParams = o.queryEventParams;
    this.#connections = new PoolConnections(o);
  }

  /**
   * Resolves once the `min` connections opened ahead of need are logged in; rejects with the first
   * failure (server unreachable, credentials refused), so a program can fail at start rather than at
   * its first query. The pool goes on trying to open connections when they are needed.
   */
  ready(): Promise<void> {
    return this.#connections.ready();
  }

  /** 'query': one event per SQL call when it ends (QueryEvent), with the wait for a connection and the pool's size. */
  on(event: 'query', listener: (event: QueryEvent) => void): () => void {
    return this.#events.on(event, listener);
  }

  /** Connections open or opening, idle and busy, and callers in line. */
  get stats(): PoolStats {
    return this.#connections.stats;
  }

  /** An idempotent query; cut off by a dropped connection, it runs once more on another. Also a tag: pool.query`...`. */
  query<T = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  query<T = Row>(sql: string, params?: Params, options?: StreamOptions): Promise<T[]>;
  query<T = Row>(sql: string | TemplateStringsArray, ...rest: unknown[]): Promise<T[]> {
    const [text, params, options] = statementOf(sql, rest, compileTemplate);
    return this.#all<T>('query', text, params, options, 'read');
  }

  /** A non-idempotent command (INSERT, UPDATE, CREATE ...); never sent twice. Also a tag: pool.command`...`. */
  command<T = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  command<T = Row>(sql: string, params?: Params, options?: StreamOptions): Promise<T[]>;
  command<T = Row>(sql: string | TemplateStringsArray, ...rest: unknown[]): Promise<T[]> {
    const [text, params, options] = statementOf(sql, rest, compileTemplate);
    return this.#all<T>('command', text, params, options, 'write');
  }

  /** An SQL script (statements separated by ';'); never sent twice. */
  batch<T = Row>(script: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    return this.#all<T>('script', script, params, options, 'write');
  }

  /** A query read page by page; its connection is held until the loop ends (or breaks). */
  stream<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): PoolStream<T> {
    let waitMs = 0;
    const figures = () => ({ waitMs, poolSize: this.#connections.stats.size });
    const call = queryCall('query', sql, params);
    const observer = streamObserver(this.#events, this.#endpoint, this.#queryEventParams, call, figures);
    return new PoolStream<T>(
      () => this.#connections.acquire(options.signal, true),
      (lease) => {
        waitMs = lease.waitedMs;
        return this.#resultStream<T>(lease, 'query', sql, params, options, undefined, observer);
      },
    );
  }

  /** Runs `fn` in a server-side transaction on one connection, held until the commit or rollback. */
  async transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options: StreamOptions = {}): Promise<T> {
    const lease = await this.#connections.acquire(options.signal, true);
    try {
      return await runTransaction(lease.conn, fn, this.#call(options));
    } finally {
      lease.release();
    }
  }

  /** Lets the calls in flight and in line finish, then closes every connection; later calls fail with PoolClosedError. */
  close(): Promise<void> {
    return this.#connections.drain();
  }

  async #all<T>(
    kind: QueryKind,
    sql: string,
    params: Params,
    options: StreamOptions,
    replay: ReplayClass,
  ): Promise<T[]> {
    let waitMs = 0;
    const figures = () => ({ waitMs, poolSize: this.#connections.stats.size });
    const run = async (meter: Metering): Promise<T[]> => {
      for (let attempt = 0; ; attempt++) {
        const lease = await this.#connections.acquire(options.signal, false);
        waitMs += lease.waitedMs;
        try {
          return await this.#resultStream<T>(lease, kind, sql, params, options, meter).toArray();
        } catch (error) {
          if (attempt > 0 || resendVerdict(error, replay, false) !== 'after-reconnect') throw error;
        } finally {
          lease.release();
        }
      }
    };
    const call = queryCall(kind, sql, params);
    return observedQuery<T>(this.#events, this.#endpoint, this.#queryEventParams, call, run, figures);
  }

  #resultStream<T>(
    lease: Lease,
    kind: QueryKind,
    sql: string,
    params: Params,
    options: StreamOptions,
    meter: Metering = (s) => s,
    observer?: StreamObserver,
  ): ResultStream<T> {
    const pageSize = options.pageSize ?? this.#pageSize;
    const call = this.#call(options);
    return new ResultStream<T>(
      meter(new PinnedSession(lease.conn)),
      queryRequest<T>(kind, sql, params, pageSize, this.#endpoint, call),
      pageSize,
      call,
      false,
      observer,
    );
  }

  #call(options: StreamOptions): { signal?: AbortSignal; timeoutMs: number } {
    return { signal: options.signal, timeoutMs: Math.max(0, options.timeoutMs ?? this.#timeoutMs) };
  }
}

/** A pooled query's rows as an async iterable (or all at once); the connection is held while it is read. */
export class PoolStream<T> implements AsyncIterable<T> {
  readonly #acquire: () => Promise<Lease>;
  readonly #make: (lease: Lease) => ResultStream<T>;

  constructor(acquire: () => Promise<Lease>, make: (lease: Lease) => ResultStream<T>) {
    this.#acquire = acquire;
    this.#make = make;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    const lease = await this.#acquire();
    try {
      yield* this.#make(lease);
    } finally {
      lease.release();
    }
  }

  async toArray(): Promise<T[]> {
    const lease = await this.#acquire();
    try {
      return await this.#make(lease).toArray();
    } finally {
      lease.release();
    }
  }
}

/** A pool of connections to one database, each with its own session (see PoolOptions). */
export function pool(options: PoolOptions): Pool {
  return new Pool(options);
}
