// The pool's connections: up to `max` open, each with its own database session (DB_OPEN); `min` of them
// opened ahead of need. Queries, commands and scripts may share a connection with up to `pipelining`
// calls in all (its requests are answered in order); transactions and streams hold one alone. Callers
// beyond that wait in line, in order, each with a deadline and an AbortSignal. A connection that drops leaves the pool and is replaced (to `min`, or for whoever
// waits); one idle past idleTimeoutMs above `min` is closed. drain() lets the calls in flight and in
// line finish, then logs every session out and closes every connection.
import { DateZone, type DateZoneRef } from '../codec/date-zone.js';
import { DB_RELOAD } from '../codec/operations/storage-configuration.js';
import { DB_CLOSE } from '../codec/operations/session.js';
import { AbortError, ClientClosedError, TimeoutError } from '../errors.js';
import { logIn } from '../session/login.js';
import { request } from '../session/request.js';
import { StatefulConnection } from '../session/stateful-connection.js';
import { unrefTimer } from '../session/timers.js';
import type { Connection } from '../session/types.js';
import type { ResolvedPoolOptions } from './pool-options.js';

/** No connection of the pool came free within acquireTimeoutMs. */
export class PoolTimeoutError extends TimeoutError {
  readonly waitedMs: number;
  constructor(message: string, waitedMs: number) {
    super(message);
    this.waitedMs = waitedMs;
  }
}

/** A call made after close(). */
export class PoolClosedError extends ClientClosedError {
  constructor(endpoint: string) {
    super();
    this.message = `the pool to ${endpoint} is closed (close() was called); make a new pool()`;
  }
}

/** A connection handed to one caller until release(). */
export interface Lease {
  readonly conn: Connection;
  /** Time spent in line for it (ms; 0 when one was free). */
  readonly waitedMs: number;
  release(): void;
}

export interface PoolStats {
  /** Connections open or opening. */
  size: number;
  idle: number;
  busy: number;
  /** Callers in line. */
  waiting: number;
}

interface Waiter {
  readonly since: number;
  readonly exclusive: boolean;
  resolve(lease: Lease): void;
  reject(error: Error): void;
  /** Stops the waiter's timer and abort listener. */
  done(): void;
}

/** One open connection: calls sharing it (answered in order), or one caller holding it alone. */
interface Entry {
  readonly conn: Connection;
  shared: number;
  exclusive: boolean;
  /** When it last became idle. */
  since: number;
}

const isIdle = (e: Entry): boolean => e.shared === 0 && !e.exclusive;

export class PoolConnections {
  readonly #o: ResolvedPoolOptions;
  readonly #entries = new Map<Connection, Entry>();
  readonly #waiters: Waiter[] = [];
  #opening = 0;
  /** A call was put on a connection already carrying others: one more connection would spread the load. */
  #crowded = false;
  #draining: Promise<void> | undefined;
  #drained: (() => void) | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The first `min` connections' logins. */
  readonly #warming: Promise<unknown>[] = [];
  /** The database's time zone, asked by the first connection and shared by all: their DATEs are read and written in it. */
  readonly #dates: DateZoneRef = { zone: undefined };

  constructor(options: ResolvedPoolOptions) {
    this.#o = options;
    this.#replenish();
  }

  /** Resolves when the connections opened ahead of need at the start are logged in; rejects with the first failure. */
  async ready(): Promise<void> {
    await Promise.all(this.#warming);
  }

  get endpoint(): string {
    return this.#o.transport.endpoint;
  }

  get stats(): PoolStats {
    let idle = 0;
    for (const e of this.#entries.values()) if (isIdle(e)) idle++;
    const open = this.#entries.size;
    return { size: open + this.#opening, idle, busy: open - idle, waiting: this.#waiters.length };
  }

  /**
   * A connection for one call. `exclusive` (transactions, streams): one with nothing else on it, held
   * alone. Otherwise the least loaded one carrying fewer than `pipelining` calls. Else a place in line
   * (first come, first served) until one comes free.
   */
  acquire(signal: AbortSignal | undefined, exclusive: boolean): Promise<Lease> {
    if (this.#draining) return Promise.reject(new PoolClosedError(this.endpoint));
    if (signal?.aborted) return Promise.reject(this.#aborted(signal, 0));
    const entry = this.#waiters.length === 0 ? this.#pick(exclusive) : undefined;
    if (entry) {
      const lease = this.#lease(entry, exclusive, 0);
      this.#replenish();
      return Promise.resolve(lease);
    }
    return new Promise<Lease>((resolve, reject) => {
      const since = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        this.#leaveLine(waiter);
        reject(this.#aborted(signal!, performance.now() - since));
      };
      const waiter: Waiter = {
        since,
        exclusive,
        resolve,
        reject,
        done: () => {
          if (timer !== undefined) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        },
      };
      if (this.#o.acquireTimeoutMs > 0) {
        timer = setTimeout(() => {
          this.#leaveLine(waiter);
          reject(this.#timedOut(performance.now() - since));
        }, this.#o.acquireTimeoutMs);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiters.push(waiter);
      this.#replenish();
    });
  }

  /** Resolves once every caller in flight or in line has finished and every connection is closed. */
  drain(): Promise<void> {
    this.#draining ??= new Promise<void>((resolve) => {
      this.#drained = resolve;
    });
    if (this.#idleTimer !== undefined) clearTimeout(this.#idleTimer);
    this.#settleDrain();
    return this.#draining;
  }

  /** The connection a call of this kind may use now: the most recently used idle one first, so the cold end can time out. */
  #pick(exclusive: boolean): Entry | undefined {
    let best: Entry | undefined;
    for (const e of this.#entries.values()) {
      if (e.exclusive || e.conn.closed) continue;
      if (exclusive) {
        if (e.shared === 0 && (!best || e.since > best.since)) best = e;
      } else if (e.shared < this.#o.pipelining) {
        if (!best || e.shared < best.shared || (e.shared === best.shared && e.since > best.since)) best = e;
      }
    }
    return best;
  }

  #lease(entry: Entry, exclusive: boolean, waitedMs: number): Lease {
    if (exclusive) entry.exclusive = true;
    else if (entry.shared++ > 0) this.#crowded = true;
    let released = false;
    return {
      conn: entry.conn,
      waitedMs,
      release: () => {
        if (released) return;
        released = true;
        if (exclusive) entry.exclusive = false;
        else entry.shared--;
        this.#released(entry);
      },
    };
  }

  #released(entry: Entry): void {
    if (this.#entries.get(entry.conn) !== entry) return; // it dropped while leased and has already left the pool
    if (isIdle(entry)) entry.since = performance.now();
    this.#serve();
    this.#settleDrain();
    this.#armIdleTimer();
  }

  /** Hands connections to the callers in line, in order, as long as the first of them can be served. */
  #serve(): void {
    for (;;) {
      const waiter = this.#waiters[0];
      if (!waiter) return;
      const entry = this.#pick(waiter.exclusive);
      if (!entry) return;
      this.#waiters.shift();
      waiter.done();
      waiter.resolve(this.#lease(entry, waiter.exclusive, performance.now() - waiter.since));
    }
  }

  /**
   * Opens connections while fewer than `min` exist, while callers in line outnumber those opening,
   * or (one at a time) once a call had to share a busy connection: the pool grows with its load, up to `max`.
   */
  #replenish(): void {
    for (;;) {
      const { size } = this.stats;
      const wanted =
        this.#waiters.length > this.#opening ||
        (!this.#draining && (size < this.#o.min || (this.#crowded && this.#opening === 0)));
      if (!wanted || size >= this.#o.max) return;
      this.#crowded = false;
      this.#open();
    }
  }

  #open(): void {
    const first = this.#warming.length < this.#o.min && !this.#draining;
    this.#opening++;
    const o = this.#o;
    const opened = (async () => {
      const conn = await StatefulConnection.open(o.transport, {
        timeoutMs: o.timeoutMs,
        upstream: o.upstream,
        protocolVersion: o.protocolVersion,
        dates: this.#dates,
      });
      try {
        await logIn(
          conn,
          { database: o.database, user: o.user, password: o.password },
          { timeoutMs: o.timeoutMs },
          o.transport.endpoint,
        );
        if (!this.#dates.zone) {
          const config = await conn.request(request(DB_RELOAD, undefined), { timeoutMs: o.timeoutMs });
          this.#dates.zone = DateZone.of(config.timeZone ?? 'UTC');
        }
      } catch (error) {
        conn.close();
        throw error;
      }
      return conn;
    })();
    if (first) {
      this.#warming.push(opened);
      opened.catch(() => undefined); // reported by ready() and to whoever waits in line
    }
    opened.then(
      (conn) => {
        this.#opening--;
        if (conn.closed) {
          this.#replenish();
          return;
        }
        const entry: Entry = { conn, shared: 0, exclusive: false, since: performance.now() };
        this.#entries.set(conn, entry);
        conn.onClose(() => this.#dropped(conn));
        this.#released(entry);
      },
      (error: unknown) => {
        this.#opening--;
        this.#openFailed(error instanceof Error ? error : new Error(String(error)));
      },
    );
  }

  /**
   * Opening failed (server down, credentials refused): with no connection left to serve the line, every
   * caller in it gets the error now rather than at its deadline; otherwise the oldest gets it.
   */
  #openFailed(error: Error): void {
    const { size } = this.stats;
    const failing = size === 0 ? this.#waiters.splice(0) : this.#waiters.splice(0, 1);
    for (const waiter of failing) {
      waiter.done();
      waiter.reject(error);
    }
    this.#settleDrain();
  }

  /** A connection ended (dropped by the network or the server, or closed here): it leaves the pool. */
  #dropped(conn: Connection): void {
    if (!this.#entries.delete(conn)) return;
    this.#replenish();
    this.#settleDrain();
  }

  #leaveLine(waiter: Waiter): void {
    waiter.done();
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
    this.#serve(); // an exclusive caller at the head may have held back shared ones behind it
    this.#settleDrain();
  }

  #idleEntries(): Entry[] {
    return [...this.#entries.values()].filter(isIdle).sort((a, b) => a.since - b.since);
  }

  #armIdleTimer(): void {
    if (this.#idleTimer !== undefined || this.#o.idleTimeoutMs === 0 || this.#draining) return;
    const oldest = this.#idleEntries()[0];
    if (!oldest || this.stats.size <= this.#o.min) return;
    const due = oldest.since + this.#o.idleTimeoutMs - performance.now();
    this.#idleTimer = setTimeout(
      () => {
        this.#idleTimer = undefined;
        this.#closeIdle();
      },
      Math.max(0, due),
    );
    unrefTimer(this.#idleTimer);
  }

  #closeIdle(): void {
    const cutoff = performance.now() - this.#o.idleTimeoutMs;
    for (const e of this.#idleEntries()) {
      if (e.since > cutoff || this.stats.size <= this.#o.min) break;
      this.#entries.delete(e.conn);
      logOut(e.conn);
    }
    this.#armIdleTimer();
  }

  #settleDrain(): void {
    if (!this.#drained || this.#waiters.length > 0 || this.#opening > 0) return;
    for (const e of this.#entries.values()) if (!isIdle(e)) return;
    const done = this.#drained;
    this.#drained = undefined; // first: closing a connection below comes back here through #dropped
    const all = [...this.#entries.keys()];
    this.#entries.clear();
    for (const conn of all) logOut(conn);
    done();
  }

  #aborted(signal: AbortSignal, waitedMs: number): AbortError {
    const reason = signal.reason instanceof Error ? `: ${signal.reason.message}` : '';
    return new AbortError(
      `the wait for a connection of the pool to ${this.endpoint} was aborted after ${Math.round(waitedMs)} ms${reason}`,
      { cause: signal.reason },
    );
  }

  #timedOut(waitedMs: number): PoolTimeoutError {
    const { busy, waiting } = this.stats;
    return new PoolTimeoutError(
      `no connection of the pool to ${this.endpoint} came free within ${this.#o.acquireTimeoutMs} ms (${busy} of max ${this.#o.max} busy, ${this.#opening} opening, ${waiting} waiting); raise max or acquireTimeoutMs, look for transactions and streams left open, or check that the server answers logins`,
      waitedMs,
    );
  }
}

/** DB_CLOSE (no answer) then the socket: the server frees the session now rather than at token expiry. */
function logOut(conn: Connection): void {
  if (conn.closed) return;
  conn.request(request(DB_CLOSE, undefined)).catch(() => undefined);
  conn.close();
}
