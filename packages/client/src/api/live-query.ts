// Live queries: SUBSCRIBE_PUSH on the session's own connection (not a dedicated one: a second socket
// would need a second login, and the session's reader already parses pushes between responses), then
// that monitor id's pushes as an async iterator of events. END ends the iteration; an ERROR push, or
// the connection closing for good, ends it with a typed error, never silently. A dropped connection
// that its owner reattaches moves the subscription to the new connection (resubscribe()).
import { decodePush, type PushMessage } from '../codec/push.js';
import type { Row } from '../codec/result.js';
import { ClientClosedError, ConnectionLostError, LiveQueryError } from '../errors.js';
import { SUBSCRIBE_LIVE_QUERY, UNSUBSCRIBE_LIVE_QUERY } from '../codec/operations/live.js';
import { type Request, request, requestEncodedOnWrite } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import { encodeParams } from './query-parameters.js';
import type { Params } from './query-requests.js';

export { LiveResume } from './live-resume.js';

export interface LiveEvent<T = Row> {
  type: 'create' | 'update' | 'delete';
  /** The record after the change (for a delete: as it was). */
  record: T;
  /** For an update: the record before it. */
  before?: T;
}

type LivePush = Extract<PushMessage, { kind: 'live-query' }>;

/**
 * Called when the connection carrying `live` drops: true when the caller takes the subscription over
 * (it will resubscribe() it on the reattached connection, or fail() it); false ends it now.
 */
export type DropHandler = (live: LiveQuery<unknown>) => boolean;

/** Pushes that may arrive before their subscription's answer are kept this long (in messages). */
const MAX_EARLY_PUSHES = 10_000;

/** Routes one connection's live-query pushes to their subscriptions, by monitor id. */
class LiveRouter {
  readonly #subs = new Map<number, LiveQuery<unknown>>();
  readonly #early: LivePush[] = [];
  #subscribing = 0;
  readonly #conn: Connection;
  readonly #offClose: () => void;
  /** Listening for pushes only while there are subscriptions: a listener holds a server-side process open. */
  #offPush: (() => void) | undefined;
  #parking = false;

  constructor(conn: Connection) {
    this.#conn = conn;
    this.#offClose = conn.onClose((error) => this.#closed(error));
  }

  get size(): number {
    return this.#subs.size + this.#subscribing;
  }

  /** The connection is being parked: its close hands the subscriptions to their drop handlers. */
  parking(): void {
    this.#parking = true;
  }

  beginSubscribe(): void {
    this.#subscribing++;
    this.#offPush ??= this.#conn.onPush((push) => {
      if (push.kind === 'live-query') this.#route(push);
    }, decodePush);
  }

  endSubscribe(monitorId: number | undefined, sub: LiveQuery<unknown> | undefined): void {
    this.#subscribing--;
    if (monitorId !== undefined && sub) {
      this.#subs.set(monitorId, sub);
      const mine = this.#early.filter((p) => p.monitorId === monitorId);
      for (const p of mine) sub.deliver(p);
    }
    if (this.#subscribing === 0) this.#early.length = 0;
    this.#quietWhenUnused();
  }

  remove(monitorId: number): void {
    this.#subs.delete(monitorId);
    this.#quietWhenUnused();
  }

  #quietWhenUnused(): void {
    if (this.size > 0) return;
    this.#offPush?.();
    this.#offPush = undefined;
  }

  #route(push: LivePush): void {
    const sub = this.#subs.get(push.monitorId);
    if (sub) sub.deliver(push);
    else if (this.#subscribing > 0 && this.#early.length < MAX_EARLY_PUSHES) this.#early.push(push);
  }

  #closed(error: Error | undefined): void {
    this.#offClose();
    this.#offPush?.();
    this.#offPush = undefined;
    const failure = error
      ? new ConnectionLostError('the connection carrying the live query closed', { cause: error })
      : new ClientClosedError();
    const keepable = error !== undefined || this.#parking;
    for (const sub of [...this.#subs.values()]) if (!(keepable && sub.dropped())) sub.fail(failure);
    this.#subs.clear();
  }
}

const routers = new WeakMap<Connection, LiveRouter>();

/**
 * `conn` is about to be parked (the page is leaving, or entering the back/forward cache): its live
 * queries are kept for the reattach, like on a drop, instead of ending with the connection.
 */
export function parkLiveQueries(conn: Connection): void {
  routers.get(conn)?.parking();
}

function routerOf(conn: Connection): LiveRouter {
  let r = routers.get(conn);
  if (!r) {
    r = new LiveRouter(conn);
    routers.set(conn, r);
  }
  return r;
}

/** One live-query subscription: `for await (const event of live)`, then `unsubscribe()`. */
export class LiveQuery<T = Row> implements AsyncIterable<LiveEvent<T>> {
  #conn: Connection;
  #router: LiveRouter;
  readonly #request: Request<number>;
  readonly #onDrop: DropHandler | undefined;
  readonly #queue: LiveEvent<T>[] = [];
  #waiter: { resolve(r: IteratorResult<LiveEvent<T>>): void; reject(e: Error): void } | undefined;
  #ended = false;
  #error: Error | undefined;
  #monitorId = -1;
  #gaps = 0;

  /** @internal use live() */
  constructor(conn: Connection, router: LiveRouter, request: Request<number>, onDrop: DropHandler | undefined) {
    this.#conn = conn;
    this.#router = router;
    this.#request = request;
    this.#onDrop = onDrop;
  }

  /** The server's id of this subscription (push frames carry it); a new one after each re-subscription. */
  get monitorId(): number {
    return this.#monitorId;
  }

  /**
   * Times the subscription was made again on a new connection after a dropped one. Changes made while
   * the connection was down produced no event here: when this grows, read the current state again.
   */
  get gaps(): number {
    return this.#gaps;
  }

  /** True once the subscription is over (unsubscribed, ended by the server, or failed). */
  get ended(): boolean {
    return this.#ended;
  }

  /** Stops the events: UNSUBSCRIBE_PUSH; the iteration ends after the events already received. */
  async unsubscribe(options: RequestOptions = {}): Promise<void> {
    if (this.#ended) return;
    this.#finish();
    this.#router.remove(this.#monitorId);
    if (this.#conn.closed) return;
    await this.#conn.request(request(UNSUBSCRIBE_LIVE_QUERY, { monitorId: this.#monitorId }), options);
  }

  [Symbol.asyncIterator](): AsyncIterator<LiveEvent<T>> {
    return {
      next: () => this.#next(),
      return: async () => {
        await this.unsubscribe().catch(() => undefined);
        this.#queue.length = 0;
        return { done: true, value: undefined };
      },
    };
  }

  /** @internal */
  setMonitorId(id: number): void {
    this.#monitorId = id;
  }

  /** @internal the connection dropped: true when the owner takes the subscription over */
  dropped(): boolean {
    return !this.#ended && this.#onDrop !== undefined && this.#onDrop(this as LiveQuery<unknown>);
  }

  /**
   * @internal Moves the subscription to `conn`, the session's connection after a reattach: a resumed
   * parked upstream still holds it on the server (same monitor id); a new connection subscribes again.
   */
  async resubscribe(conn: Connection, options: RequestOptions = {}): Promise<void> {
    if (this.#ended) return;
    const router = routerOf(conn);
    router.beginSubscribe();
    let id: number | undefined;
    try {
      id = conn.resumed ? this.#monitorId : await conn.request(this.#request, options);
      if (!this.#ended) {
        this.#conn = conn;
        this.#router = router;
        this.#monitorId = id;
        if (!conn.resumed) this.#gaps++;
      }
    } finally {
      router.endSubscribe(id, id !== undefined && !this.#ended ? (this as LiveQuery<unknown>) : undefined);
    }
    if (id !== undefined && this.#ended && !conn.resumed)
      await conn.request(request(UNSUBSCRIBE_LIVE_QUERY, { monitorId: id }), options).catch(() => undefined);
  }

  /** @internal a live-query push for this monitor id */
  deliver(push: LivePush): void {
    if (this.#ended) return;
    if (push.status === 'error') {
      this.#router.remove(this.#monitorId);
      this.fail(
        new LiveQueryError(push.monitorId, {
          message: push.message,
          errorCode: push.errorCode,
          errorIdentifier: push.errorIdentifier,
        }),
      );
      return;
    }
    for (const e of push.events) {
      const event: LiveEvent<T> = { type: e.type, record: e.current as T };
      if (e.before !== undefined) event.before = e.before as T;
      this.#push(event);
    }
    if (push.status === 'end') {
      this.#router.remove(this.#monitorId);
      this.#finish();
    }
  }

  /** @internal ends the iteration with `error` once the queued events are read */
  fail(error: Error): void {
    if (this.#ended) return;
    this.#error = error;
    this.#finish();
  }

  #push(event: LiveEvent<T>): void {
    const w = this.#waiter;
    if (w) {
      this.#waiter = undefined;
      w.resolve({ done: false, value: event });
    } else {
      this.#queue.push(event);
    }
  }

  #finish(): void {
    this.#ended = true;
    const w = this.#waiter;
    if (!w) return;
    this.#waiter = undefined;
    if (this.#error) w.reject(this.#error);
    else w.resolve({ done: true, value: undefined });
  }

  #next(): Promise<IteratorResult<LiveEvent<T>>> {
    const event = this.#queue.shift();
    if (event) return Promise.resolve({ done: false, value: event });
    if (this.#ended) {
      const error = this.#error;
      if (error) {
        this.#error = undefined;
        return Promise.reject(error);
      }
      return Promise.resolve({ done: true, value: undefined });
    }
    if (this.#waiter) return Promise.reject(new TypeError('a live query is read by one loop at a time'));
    return new Promise((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }
}

/**
 * The server matches live-query parameters by name only, so positional `?` (outside quotes and
 * backquotes) become `:p0`, `:p1`, ... with the values under those names.
 */
function namePositional(sql: string, values: unknown[]): { statement: string; values: Record<string, unknown> } {
  let out = '';
  let quote = '';
  let n = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (quote) {
      out += c;
      if (c === '\\' && i + 1 < sql.length) out += sql[++i];
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"' || c === '`') {
      quote = c;
      out += c;
    } else if (c === '?') {
      out += `:p${n++}`;
    } else {
      out += c;
    }
  }
  const named: Record<string, unknown> = {};
  values.forEach((v, i) => {
    named[`p${i}`] = v;
  });
  return { statement: out, values: named };
}

/**
 * Subscribes `sql` (a SELECT on a class or RIDs, no ORDER BY/GROUP BY/SKIP/LIMIT) on `conn`'s session.
 * The events arrive on this same connection, interleaved with other responses.
 */
export async function subscribeLive<T = Row>(
  conn: Connection,
  sql: string,
  params: Params | undefined,
  options: RequestOptions = {},
  onDrop?: DropHandler,
): Promise<LiveQuery<T>> {
  const router = routerOf(conn);
  let statement = sql;
  let values = params ?? {};
  if (Array.isArray(values)) ({ statement, values } = namePositional(sql, values));
  const args = { query: statement, params: new Uint8Array(0), namedParams: true };
  const subscribe = requestEncodedOnWrite(SUBSCRIBE_LIVE_QUERY, args, (zone) => encodeParams(values, zone));
  const live = new LiveQuery<T>(conn, router, subscribe, onDrop);
  router.beginSubscribe();
  let monitorId: number | undefined;
  try {
    monitorId = await conn.request(subscribe, options);
    live.setMonitorId(monitorId);
  } finally {
    router.endSubscribe(monitorId, monitorId === undefined ? undefined : (live as LiveQuery<unknown>));
  }
  return live;
}
