// The database session's reattach in the background after its connection dropped (the `reconnecting`
// state of packages/client/docs/session-states.md): reopens the same session on a new connection with
// backoff, moves the live queries over, and falls back to the token-only route when reopening is refused.
import { DB_SIZE } from '../codec/operations/db-size.js';
import { ClientClosedError, type SessionExpiredError, TokenError } from '../errors.js';
import { request } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import type { ClientEventEmitter } from './events.js';
import type { LiveResume } from './live-resume.js';
import type { ResolvedReconnect } from './options.js';
import { type NetworkState, reconnectLoop } from './reconnect.js';
import type { SessionKeeper } from './session-keeper.js';
import type { SessionPhase } from './session-phase.js';
import type { SessionSlot } from './session-slot.js';

/** What the background reattach needs from the database session it belongs to. */
export interface BackgroundReattachHost {
  readonly endpoint: string;
  readonly reconnect: ResolvedReconnect | false;
  readonly slot: SessionSlot;
  readonly keeper: SessionKeeper;
  /** The live queries waiting for the reattach: none before the first live query, whose code brings them. */
  lives(): LiveResume | undefined;
  readonly events: ClientEventEmitter;
  /** In a page: online/offline, which pause and wake the reconnect loop. */
  readonly network: NetworkState | undefined;
  /** The client's per-call options (default timeout applied). */
  call(options: RequestOptions): RequestOptions;
  /** True once the client is closed. */
  closed(): boolean;
  /** Reattaches `conn` in the background when it drops in turn. */
  watch(conn: Connection): Connection;
  /** The session's reading of an error (a TokenError outside a reattach: SessionExpiredError). */
  translate(error: unknown): unknown;
  /** Tells the `expired` listeners; returns the error. */
  expired(error: SessionExpiredError): SessionExpiredError;
  /** The session's state, compared by identity: a transition made elsewhere meanwhile wins. */
  getPhase(): SessionPhase;
  setPhase(phase: SessionPhase): void;
}

export class BackgroundReattach {
  readonly #host: BackgroundReattachHost;
  /** The connection the session was reopened on, once its probe was answered. */
  #reopened: Connection | undefined;
  /** The attempt in progress: settles once it is judged, with its error when it failed. */
  #attempt: Promise<unknown> | undefined;
  /** Asked for by a call during a backoff wait: the next attempt, made at once. */
  #next: Outcome | undefined;
  #wake: (() => void) | undefined;
  #looping = false;

  constructor(host: BackgroundReattachHost) {
    this.#host = host;
  }

  /** The connection the session was reopened on, once its probe was answered (not refused). */
  get reopened(): Connection | undefined {
    return this.#reopened;
  }

  /**
   * For a call made while reconnecting: the attempt in progress, or one made at once (cutting the
   * backoff short). Settles once it is judged (a refused reopen has moved the session to the next route
   * then), with the attempt's error when it failed. A call never reopens a connection itself or follows
   * the probe on the wire, where a refusal would send the dead session's token a second time.
   */
  attemptNow(): Promise<unknown> {
    if (this.#attempt) return this.#attempt;
    const phase = this.#host.getPhase();
    if (!this.#looping) return phase.name === 'reconnecting' ? phase.done : Promise.resolve();
    this.#next ??= outcome();
    this.#wake?.();
    return this.#next.promise;
  }

  /** One attempt of the loop: reopen, probe, judge; anyone waiting hears of it once it is judged. */
  async #reopen(phase: SessionPhase): Promise<Connection> {
    const host = this.#host;
    const judged = this.#next ?? outcome();
    this.#next = undefined;
    this.#attempt = judged.promise;
    let failed: unknown;
    try {
      // The token expired while no attempt could run (a frozen tab): reopening could only be refused.
      if (this.tokenExpired()) this.reopenRefused();
      if (host.getPhase() !== phase) throw new NotReopened();
      const call = host.call({});
      const c = host.watch(await host.slot.conn(call));
      if (host.closed()) {
        host.slot.close();
        throw new ClientClosedError();
      }
      try {
        await c.request(request(DB_SIZE, undefined), call);
      } catch (error) {
        // Refused: the server cleaned the session up. Judged before any waiting call goes on.
        if (error instanceof TokenError && host.getPhase() === phase) this.reopenRefused();
        throw error;
      }
      this.#reopened = c;
      return c;
    } catch (error) {
      failed = error;
      throw error;
    } finally {
      this.#attempt = undefined;
      judged.resolve(failed);
    }
  }

  /** attached → reconnecting → attached | none (the session is gone). */
  start(dropped: Error): void {
    const host = this.#host;
    const reconnect = host.reconnect;
    if (!reconnect || host.closed() || !host.slot.handle || host.getPhase().name !== 'attached') return;
    const phase: SessionPhase = { name: 'reconnecting', done: Promise.resolve() };
    host.setPhase(phase);
    this.#reopened = undefined;
    this.#looping = true;
    phase.done = this.#reattachDropped(reconnect, dropped, phase).then((expired) => {
      this.#looping = false;
      if (host.getPhase() === phase) host.setPhase(expired ? { name: 'none' } : { name: 'attached' });
      // A call that asked for an attempt the loop did not make goes on in the state it left.
      this.#next?.resolve(undefined);
      this.#next = undefined;
      // Dropped again after the live queries were moved: go round once more for them.
      if (this.livesWaiting()) this.start(dropped);
    });
  }

  /** Reattaches the dropped session, moves its live queries over, then tells the onReattach listeners; true when it expired. */
  async #reattachDropped(options: ResolvedReconnect, dropped: Error, phase: SessionPhase): Promise<boolean> {
    const host = this.#host;
    const slot = host.slot;
    const endpoint = host.endpoint;
    let attempt = 0;
    let lastError = dropped;
    try {
      let conn: Connection;
      do {
        conn = await reconnectLoop(() => this.#reopen(phase), {
          ...options,
          network: host.network,
          kicked: () =>
            new Promise<void>((resolve) => {
              this.#wake = resolve;
            }),
          holdProcess: () => this.livesWaiting(),
          isFatal: (e) =>
            e instanceof TokenError || e instanceof ClientClosedError || e instanceof NotReopened || host.closed(),
          waiting: (delayMs, error) => {
            if (error !== undefined) lastError = error as Error;
            attempt++;
            host.events.emit('reconnecting', {
              endpoint,
              attempt,
              maxAttempts: options.maxAttempts,
              delayMs,
              error: lastError,
            });
          },
        });
        await host.lives()?.resubscribe(conn, host.call({}), (e) => host.translate(e));
      } while (conn.closed && this.livesWaiting());
      const route = conn.resumed ? 'resume' : 'session';
      await host.keeper.began(slot.handle!, host.keeper.state?.user ?? '', route, true);
      host.events.emit('reattached', { endpoint, route, state: host.keeper.state! });
      return false;
    } catch (error) {
      // Refused on the reopened connection (the server cleaned the session up), or not reopened at all,
      // or a call has given the reopen up already: the next call reattaches from the token-only route on,
      // which cannot carry a live query. The session itself is the reattach's to judge, not this loop's.
      if (error instanceof TokenError && host.getPhase() === phase) this.reopenRefused();
      if (host.getPhase() !== phase && !host.closed()) {
        host.lives()?.notReopened(error);
        return false;
      }
      const expired = error instanceof TokenError && slot.handle ? host.expired(slot.expire(error)) : undefined;
      host.lives()?.notReattached(error, expired, host.closed());
      return expired !== undefined;
    }
  }

  /** Live queries wait for the session to come back after their connection dropped. */
  livesWaiting(): boolean {
    return (this.#host.lives()?.waiting ?? 0) > 0;
  }

  /** The token's expiry, as the token states it, has passed by this runtime's clock. */
  tokenExpired(): boolean {
    const expiresAt = this.#host.keeper.state?.expiresAt ?? 0;
    return expiresAt > 0 && expiresAt <= Date.now();
  }

  /**
   * The session cannot be reopened on a new connection after a drop: its token expired meanwhile, or the
   * server refused the old session id (it cleaned the session up). reconnecting | attached → stored: the
   * next call reattaches as after a reload, from the token-only route on, whose margin refuses an expired
   * token without sending it (leaving the reauthenticate callback or SessionExpiredError). False when there
   * is nothing to fall back to.
   */
  reopenRefused(): boolean {
    const host = this.#host;
    const entry = host.keeper.entry;
    const phase = host.getPhase().name;
    if (!entry || (phase !== 'reconnecting' && phase !== 'attached')) return false;
    host.slot.close();
    host.setPhase({ name: 'stored', entry, reopenRefused: true });
    return true;
  }

  /** A TokenError on a connection that reopened the session after a drop (while reconnecting, or given up since). */
  refusedOnReopen(): boolean {
    const phase = this.#host.getPhase();
    if (phase.name === 'reconnecting') return this.reopenRefused();
    return (phase.name === 'stored' || phase.name === 'attaching') && phase.reopenRefused === true;
  }
}

/** How an attempt was judged, for the calls waiting on it: its error when it failed. */
interface Outcome {
  promise: Promise<unknown>;
  resolve(error: unknown): void;
}

function outcome(): Outcome {
  let resolve!: (error: unknown) => void;
  const promise = new Promise<unknown>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The background reattach stops: the session was given up for a reattach by the routes, or moved on. */
class NotReopened extends Error {
  override name = 'NotReopened';
}
