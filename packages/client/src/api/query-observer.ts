// Emitting the 'query' event (query-event.ts): one per SQL call (query, command, script, server query; on the client and the pool),
// sent when the call ends, so an application can log, trace or meter it. The statement's text goes
// out, its parameter values only when the client or pool was made with `queryEventParams: true` (they
// may be personal data). Bytes are the answer bodies read for the call, every page included.
// The client loads this module once a 'query' listener is registered (lazy-modules.ts); a pool imports it.
import type { Request } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import type { ClientEventEmitter } from './events.js';
import { QUERY, SERVER_QUERY } from '../codec/operations/query.js';
import type { QueryEvent } from './query-event.js';
import type { Params, QueryKind } from './query-requests.js';
import type { Session } from './session.js';

export interface QueryCall {
  kind: QueryKind;
  operation: string;
  sql: string;
  params: Params;
}

/** What the event says of a call: its first request's operation name comes from the operation table. */
export function queryCall(kind: QueryKind, sql: string, params: Params): QueryCall {
  return { kind, operation: (kind === 'server' ? SERVER_QUERY : QUERY).name, sql, params };
}

/** A call's answer bytes, and when it first asked for a connection (0: not yet). */
interface Meter {
  bytes: number;
  started: number;
}

/** Counts the answer bytes of every request a ResultStream sends through this session. */
class MeteredSession implements Session {
  readonly #inner: Session;
  readonly #meter: Meter;
  /** One wrapper per connection, so a cursor can still tell its connection from a new one. */
  readonly #wrapped = new WeakMap<Connection, Connection>();

  constructor(inner: Session, meter: Meter) {
    this.#inner = inner;
    this.#meter = meter;
  }
  get kind() {
    return this.#inner.kind;
  }
  get handle() {
    return this.#inner.handle;
  }
  async conn(call: RequestOptions, early?: boolean): Promise<Connection> {
    this.#meter.started ||= performance.now();
    return this.#metered(await this.#inner.conn(call, early));
  }
  request<T>(req: Request<T>, call: RequestOptions): Promise<T> {
    return this.#inner.request(this.#counted(req), call);
  }
  send: Session['send'] = (run, replay) => this.#inner.send(run, replay);
  reconnected(): Promise<void> {
    return this.#inner.reconnected();
  }
  translate(error: unknown): unknown {
    return this.#inner.translate(error);
  }
  attach: Session['attach'] = (handle) => this.#inner.attach(handle);
  close: Session['close'] = (options) => this.#inner.close(options);

  /** The connection with request() counting; every other member is the connection's own. */
  #metered(conn: Connection): Connection {
    const known = this.#wrapped.get(conn);
    if (known) return known;
    const request = <T>(req: Request<T>, options?: RequestOptions) => conn.request(this.#counted(req), options);
    const metered = new Proxy(conn, {
      get: (target, key) => {
        if (key === 'request') return request;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
      set: (target, key, value) => Reflect.set(target, key, value, target),
    });
    this.#wrapped.set(conn, metered);
    return metered;
  }

  #counted<T>(req: Request<T>): Request<T> {
    return {
      ...req,
      read: (r) => {
        const start = r.pos;
        const value = req.read(r);
        this.#meter.bytes += r.pos - start;
        return value;
      },
    };
  }
}

/** What a stream needs to report itself: sessions wrapped to count bytes, and the call to make at its end. */
export interface StreamObserver {
  meter: Metering;
  ended(rows: number, error?: unknown): void;
}

/**
 * For a stream (read at the caller's pace): undefined when nobody listens. The duration runs from its
 * first request to its end.
 */
export function streamObserver(
  events: ClientEventEmitter,
  endpoint: string,
  withParams: boolean,
  call: QueryCall,
  pool?: () => { waitMs: number; poolSize: number },
): StreamObserver | undefined {
  if (!events.has('query')) return undefined;
  const metered: Meter = { bytes: 0, started: 0 };
  return {
    meter: (session) => new MeteredSession(session, metered),
    ended: (rows, error) =>
      events.emit('query', { ...eventOf(endpoint, withParams, call, metered, rows, error), ...pool?.() }),
  };
}

function eventOf(
  endpoint: string,
  withParams: boolean,
  call: QueryCall,
  metered: Meter,
  rows: number,
  error: unknown,
): QueryEvent {
  const event: QueryEvent = {
    endpoint,
    operation: call.operation,
    kind: call.kind,
    sql: call.sql,
    durationMs: metered.started ? performance.now() - metered.started : 0,
    rows,
    bytes: metered.bytes,
  };
  if (withParams) event.params = call.params;
  if (error !== undefined) event.error = error instanceof Error ? error : new Error(String(error));
  return event;
}

/** Wraps the session(s) a call runs on; the identity when nobody listens. */
export type Metering = (session: Session) => Session;

const unmetered: Metering = (session) => session;

/**
 * Runs one SQL call and emits its 'query' event; `run` passes every session it uses through `meter`
 * (which counts answer bytes). Without a listener it only runs the call. `pool` adds the pool's figures.
 */
export async function observedQuery<T>(
  events: ClientEventEmitter,
  endpoint: string,
  withParams: boolean,
  call: QueryCall,
  run: (meter: Metering) => Promise<T[]>,
  pool?: () => { waitMs: number; poolSize: number },
): Promise<T[]> {
  if (!events.has('query')) return run(unmetered);
  const metered: Meter = { bytes: 0, started: performance.now() };
  const emit = (rows: number, error?: unknown): void =>
    events.emit('query', { ...eventOf(endpoint, withParams, call, metered, rows, error), ...pool?.() });
  try {
    const rows = await run((session) => new MeteredSession(session, metered));
    emit(rows.length);
    return rows;
  } catch (error) {
    emit(0, error);
    throw error;
  }
}
