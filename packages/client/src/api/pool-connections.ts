// The pool's connections: up to `max` open, each with its own database session (DB_OPEN); `min` of them
// opened ahead of need; callers beyond `max` wait in line, in order, each with a deadline and an
// AbortSignal. A connection that drops leaves the pool and is replaced (to `min`, or for whoever
// waits); one idle past idleTimeoutMs above `min` is closed. drain() lets the calls in flight and in
// line finish, then logs every session out and closes every connection.
import { DB_CLOSE } from '../codec/operations/session.js';
import { AbortError, ClientClosedError, TimeoutError } from '../errors.js';
import { logIn } from '../session/login.js';
import { request } from '../session/request.js';
import { StatefulConnection } from '../session/stateful-connection.js';
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
  resolve(lease: Lease): void;
  reject(error: Error): void;
  /** Stops the waiter's timer and abort listener. */
  done(): void;
}

const unref = (timer: unknown): void => (timer as { unref?: () => void }).unref?.();

export class PoolConnections {
  readonly #o: ResolvedPoolOptions;
  /** Most recently released last: the hot end is reused first, the cold end times out. */
  readonly #idle: Array<{ conn: Connection; since: number }> = [];
  readonly #busy = new Set<Connection>();
  readonly #waiters: Waiter[] = [];
  #opening = 0;
  #draining: Promise<void> | undefined;
  #drained: (() => void) | undefined;
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The first `min` connections' logins. */
  readonly #warming: Promise<unknown>[] = [];

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
    const idle = this.#idle.length;
    const busy = this.#busy.size;
    return { size: idle + busy + this.#opening, idle, busy, waiting: this.#waiters.length };
  }

  /** A free connection, or one opened for this caller, or a place in line until one comes free. */
  acquire(signal?: AbortSignal): Promise<Lease> {
    if (this.#draining) return Promise.reject(new PoolClosedError(this.endpoint));
    if (signal?.aborted) return Promise.reject(this.#aborted(signal, 0));
    const free = this.#idle.pop();
    if (free) return Promise.resolve(this.#lease(free.conn, 0));
    return new Promise<Lease>((resolve, reject) => {
      const since = performance.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = (): void => {
        this.#leaveLine(waiter);
        reject(this.#aborted(signal!, performance.now() - since));
      };
      const waiter: Waiter = {
        since,
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

  #lease(conn: Connection, waitedMs: number): Lease {
    this.#busy.add(conn);
    let released = false;
    return {
      conn,
      waitedMs,
      release: () => {
        if (released) return;
        released = true;
        this.#release(conn);
      },
    };
  }

  #release(conn: Connection): void {
    if (!this.#busy.delete(conn)) return; // it dropped while leased and has already left the pool
    if (conn.closed) {
      this.#replenish();
      return;
    }
    const waiter = this.#waiters.shift();
    if (waiter) {
      waiter.done();
      waiter.resolve(this.#lease(conn, performance.now() - waiter.since));
      return;
    }
    this.#idle.push({ conn, since: performance.now() });
    this.#settleDrain();
    this.#armIdleTimer();
  }

  /** Opens connections while fewer than `min` exist, or while callers in line outnumber those opening. */
  #replenish(): void {
    for (;;) {
      const { size } = this.stats;
      const wanted = this.#waiters.length > this.#opening || (!this.#draining && size < this.#o.min);
      if (!wanted || size >= this.#o.max) return;
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
      });
      try {
        await logIn(conn, { database: o.database, user: o.user, password: o.password }, { timeoutMs: o.timeoutMs });
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
        conn.onClose(() => this.#dropped(conn));
        if (conn.closed) {
          this.#replenish();
          return;
        }
        this.#busy.add(conn);
        this.#release(conn);
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
    const at = this.#idle.findIndex((entry) => entry.conn === conn);
    if (at >= 0) this.#idle.splice(at, 1);
    this.#busy.delete(conn);
    this.#replenish();
    this.#settleDrain();
  }

  #leaveLine(waiter: Waiter): void {
    waiter.done();
    const at = this.#waiters.indexOf(waiter);
    if (at >= 0) this.#waiters.splice(at, 1);
    this.#settleDrain();
  }

  #armIdleTimer(): void {
    if (this.#idleTimer !== undefined || this.#o.idleTimeoutMs === 0 || this.#draining) return;
    const oldest = this.#idle[0];
    if (!oldest || this.stats.size <= this.#o.min) return;
    const due = oldest.since + this.#o.idleTimeoutMs - performance.now();
    this.#idleTimer = setTimeout(
      () => {
        this.#idleTimer = undefined;
        this.#closeIdle();
      },
      Math.max(0, due),
    );
    unref(this.#idleTimer);
  }

  #closeIdle(): void {
    const cutoff = performance.now() - this.#o.idleTimeoutMs;
    while (this.#idle.length > 0 && this.#idle[0]!.since <= cutoff && this.stats.size > this.#o.min) {
      logOut(this.#idle.shift()!.conn);
    }
    this.#armIdleTimer();
  }

  #settleDrain(): void {
    if (!this.#drained || this.#busy.size > 0 || this.#waiters.length > 0 || this.#opening > 0) return;
    const done = this.#drained;
    this.#drained = undefined; // first: closing a connection below comes back here through #dropped
    for (const { conn } of this.#idle.splice(0)) logOut(conn);
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
      `no connection of the pool to ${this.endpoint} came free within ${this.#o.acquireTimeoutMs} ms (${busy} of max ${this.#o.max} busy, ${waiting} waiting); raise max or acquireTimeoutMs, or look for transactions and streams left open`,
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
