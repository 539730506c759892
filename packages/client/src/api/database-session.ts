// The client's database session and the connection that carries it, as one state machine (drawn in
// packages/client/docs/session-states.md): login, the reattach on first use by the cheapest route
// (with the first request pipelined behind the probe) and token-only mode (route 3). The background
// reattach after a dropped connection, which moves live queries over, is background-reattach.ts's.
import type { DateZoneRef } from '../codec/date-zone.js';
import { DB_SIZE } from '../codec/operations/db-size.js';
import type { ReplayClass } from '../codec/operations/operation.js';
import { ClientClosedError, ConnectionLostError, SessionExpiredError, TokenError } from '../errors.js';
import { type Request, request } from '../session/request.js';
import type { StatelessConnection } from '../session/stateless-connection.js';
import { holdUntil } from '../session/timers.js';
import type { Connection, RequestOptions } from '../session/types.js';
import type { StoredSession } from '../tokens/stored-session.js';
import type { Transport } from '../transport/transport.js';
import { BackgroundReattach } from './background-reattach.js';
import { DatabaseZone } from './database-zone.js';
import { ClientEventEmitter } from './events.js';
import { liveQueries, statelessConnections } from './lazy-modules.js';
import type { LiveResume } from './live-resume.js';
import type { ResolvedOptions, ResolvedReconnect } from './options.js';
import { type Reauthenticate, reattachSlot } from './reattach.js';
import type { NetworkState } from './reconnect.js';
import { resendVerdict } from './resend.js';
import type { Session } from './session.js';
import { entryToHandle, handleToEntry, SessionKeeper, type SessionState } from './session-keeper.js';
import type { SessionPhase, Tentative } from './session-phase.js';
import type { SessionSlot } from './session-slot.js';
import { type SessionHandle, withTokenDatabase } from './session-token.js';

export interface DatabaseSessionConfig {
  transport: Transport;
  /** Resolved once by the client (resolveOptions). */
  options: ResolvedOptions;
  slot: SessionSlot;
  /** The database's time zone, shared with the slot's connections (SlotConfig.connection.dates). */
  dates: DateZoneRef;
  /** The client's per-call options (default timeout applied). */
  call(options: RequestOptions): RequestOptions;
  /** True once the client is closed. */
  closed(): boolean;
  /** The client's events (connected, reconnecting, reattached, expired); a private emitter when absent. */
  events?: ClientEventEmitter;
  /** In a page: online/offline, which pause and wake the reconnect loop. */
  network?: NetworkState;
}

export class DatabaseSession implements Session {
  readonly kind = 'database';
  readonly slot: SessionSlot;
  readonly keeper: SessionKeeper;
  /** The database's time zone, in which every connection of the session reads and writes DATEs. */
  readonly zone: DatabaseZone;
  readonly #transport: Transport;
  readonly #call: (options: RequestOptions) => RequestOptions;
  readonly #closed: () => boolean;
  readonly #reauthenticate: Reauthenticate | undefined;
  readonly #reconnect: ResolvedReconnect | false;
  readonly #routes: ResolvedOptions['reattachRoutes'];
  readonly #reconnectWaitMs: number;
  readonly #maxAnswerBytes: number;
  #phase: SessionPhase = { name: 'unknown' };
  readonly #watched = new WeakSet<Connection>();
  readonly #events: ClientEventEmitter;
  readonly #background: BackgroundReattach;
  /** Live queries whose connection dropped, waiting for the background reattach; none before the first live query. */
  #lives: LiveResume | undefined;

  constructor(config: DatabaseSessionConfig) {
    const { options } = config;
    this.slot = config.slot;
    this.#transport = config.transport;
    this.#call = config.call;
    this.#closed = config.closed;
    this.#reauthenticate = options.reauthenticate;
    this.#reconnect = options.reconnect;
    this.#routes = options.reattachRoutes;
    this.#reconnectWaitMs = options.reconnectWaitMs;
    this.#maxAnswerBytes = options.maxAnswerBytes;
    this.#events = config.events ?? new ClientEventEmitter();
    this.keeper = new SessionKeeper(this.#transport.endpoint, options, {
      adopt: (handle) => {
        this.slot.adoptToken(handle.token);
        if (this.#phase.name === 'stateless' && this.#phase.conn) this.#phase.conn.token = handle.token;
      },
      forget: () => this.#end({ logout: true }),
      ping: () => this.request(request(DB_SIZE, undefined), this.#call({})).then(() => undefined),
      timeZone: () => this.zone.dates.zone?.id,
    });
    // Storing the zone only spares a later load the question; nothing waits for the store.
    this.zone = new DatabaseZone(config.dates, () => {
      this.keeper.learnedTimeZone(this.slot.handle).catch(() => undefined);
    });
    this.#background = new BackgroundReattach({
      endpoint: this.#transport.endpoint,
      reconnect: this.#reconnect,
      slot: this.slot,
      keeper: this.keeper,
      lives: () => this.#lives,
      events: this.#events,
      network: config.network,
      call: (options) => this.#call(options),
      closed: () => this.#closed(),
      watch: (conn) => this.#watch(conn),
      translate: (error) => this.translate(error),
      expired: (error) => this.#expired(error),
      getPhase: () => this.#phase,
      setPhase: (phase) => {
        this.#phase = phase;
      },
    });
  }

  get phase(): SessionPhase['name'] {
    return this.#phase.name;
  }

  get handle(): SessionHandle | null {
    return this.slot.handle;
  }

  /** The background reattach after a dropped connection, while it runs. */
  get reconnecting(): Promise<void> | undefined {
    return this.#phase.name === 'reconnecting' ? this.#phase.done : undefined;
  }

  /** Settles when the background reattach does; the caller's wait holds a server-side process open. */
  reconnected(): Promise<void> {
    const back = this.reconnecting;
    return back ? holdUntil(back) : Promise.resolve();
  }

  /** After every reattach: a stored session's first use (`connected` with a route) or a dropped one's return (`reattached`). */
  onReattach(listener: (state: SessionState) => void): () => void {
    const offConnected = this.#events.on('connected', (e) => {
      if (e.via !== 'login') listener(e.state);
    });
    const offReattached = this.#events.on('reattached', (e) => listener(e.state));
    return () => {
      offConnected();
      offReattached();
    };
  }

  /** Hands the idle bridge connection to the bridge to keep; false when there is none or it is busy. */
  park(): boolean {
    const conn = this.slot.connection;
    if (!conn?.idle || !conn.resumeId) return false;
    // Live queries exist only once their module has loaded.
    liveQueries.loaded?.parkLiveQueries(conn);
    this.slot.close({ park: true });
    return true;
  }

  /**
   * The page is back from the back/forward cache: live queries kept at park time are reattached now
   * (resuming the parked connection when the bridge still has it), not at the next call.
   */
  returned(): void {
    if (this.#background.livesWaiting() && !this.slot.connection)
      this.#background.start(new ConnectionLostError('the connection was parked while the page was away'));
  }

  /** The live queries' resume, made by the first live query with the class its code brings (live-query.ts). */
  liveResume(Resume: typeof LiveResume): LiveResume {
    this.#lives ??= new Resume(
      () => !!this.#reconnect && !this.#closed() && !!this.slot.handle && this.#phase.name !== 'stateless',
    );
    return this.#lives;
  }

  /** DB_OPEN on a new connection: none/any → attached. */
  async login(database: string, user: string, password: string, call: RequestOptions): Promise<void> {
    this.#leaveStateless();
    this.#phase = { name: 'attached' };
    this.zone.set(undefined); // maybe another database: its zone is asked on the next call
    await this.slot.login({ database, user, password }, call);
    if (this.slot.connection) this.#watch(this.slot.connection);
    await this.keeper.began(this.slot.handle!, user, 'login');
    this.#connected();
  }

  /** Takes over a session from a token string's handle: any → stored, reattached on first use. */
  attach(given: SessionHandle): void {
    const handle = withTokenDatabase(given);
    this.#leaveStateless();
    this.#phase = { name: 'stored', entry: handleToEntry(this.#transport.endpoint, '', handle, Date.now()) };
    this.zone.set(undefined);
    this.slot.attach(handle);
  }

  /** Looks up the stored session to reattach to on first use (→ stored or none); false when none is kept. */
  async restore(): Promise<boolean> {
    const entry = await this.keeper.find();
    this.#phase = entry ? { name: 'stored', entry } : { name: 'none' };
    if (entry) this.zone.set(entry.timeZone);
    return entry !== null;
  }

  close(options: { logout?: boolean }): void {
    this.#lives?.fail(new ClientClosedError());
    this.keeper.close();
    this.#leaveStateless();
    this.slot.close(options);
    if (options.logout) this.#phase = { name: 'none' };
  }

  /**
   * The connection carrying the session. `early`: during a reattach, the route's connection as soon as
   * its probe is written, so a request can follow the probe in the same round trip.
   */
  conn(call: RequestOptions, early = false): Promise<Connection> {
    const carrier = this.#carrier(call, early);
    return this.zone.dates.zone ? carrier : carrier.then((conn) => this.zone.ask(conn, call));
  }

  #carrier(call: RequestOptions, early: boolean): Promise<Connection> {
    if (this.#closed()) return Promise.reject(new ClientClosedError());
    const phase = this.#phase;
    if (phase.name === 'stateless') return this.#statelessConn(phase, call);
    if (phase.name === 'reconnecting') return this.#connReopened(call, early);
    const open = this.slot.connection;
    if (open && (early || phase.name !== 'attaching')) return Promise.resolve(open);
    if (phase.name === 'unknown' || phase.name === 'stored' || phase.name === 'attaching')
      return this.#connAttaching(call, early);
    return this.#connAttached(call);
  }

  /**
   * reconnecting: the connection the background reattach reopened the session on, once its probe was
   * answered. Until then the call waits for the reattach's attempt (made at once when it was in a backoff
   * wait) and goes on in the state it leaves: a refused reopen sends the call to the next route.
   */
  async #connReopened(call: RequestOptions, early: boolean): Promise<Connection> {
    // Reopening the session on a new connection with an expired token can only be refused.
    if (this.#background.tokenExpired() && this.#background.reopenRefused()) return this.#connAttaching(call, early);
    const open = this.slot.connection;
    if (open && open === this.#background.reopened) return open;
    const failed = await this.#background.attemptNow();
    if (failed !== undefined && this.#phase.name === 'reconnecting') throw failed;
    return this.#carrier(call, early);
  }

  /** Sends one request on the session (see send()). */
  request<T>(req: Request<T>, call: RequestOptions): Promise<T> {
    return this.send(() => this.conn(call, true).then((conn) => conn.request(req, call)), req.replay);
  }

  /**
   * Runs one call on the session and runs it again where resendVerdict() allows: once the reattach
   * settles (refused with a dead route's probe: it did not run), or, for reads, once the dropped
   * session is back. During a reattach it returns only once the route is settled (session.via set).
   */
  send<T>(run: () => Promise<T>, replay: ReplayClass): Promise<T> {
    const attaching =
      this.#phase.name === 'attaching' || this.#phase.name === 'unknown' || this.#phase.name === 'stored';
    // The common case (attached, answered) costs no await of its own: calls are this client's hot path.
    const first = attaching ? run().then((value) => this.#afterAttachment(value)) : run();
    return first.catch((error: unknown) => this.#sendAgain(error, run, replay, attaching));
  }

  /** During a reattach a call returns once the route is settled (session.via set). */
  async #afterAttachment<T>(value: T): Promise<T> {
    await this.#attachment()?.catch(() => undefined);
    return value;
  }

  /** The one resend decision (resendVerdict), then at most one more run. */
  async #sendAgain<T>(error: unknown, run: () => Promise<T>, replay: ReplayClass, attaching: boolean): Promise<T> {
    if (!attaching && error instanceof TokenError && this.#background.refusedOnReopen()) {
      // Refused (so not run) on the connection that reopened the session after a drop: the server no
      // longer holds the session, but its token may still serve token-only requests. Once more, by the reattach.
      try {
        return await run();
      } catch (again) {
        throw this.translate(again);
      }
    }
    const attach = this.#attachment();
    const verdict = resendVerdict(error, replay, attaching && attach !== undefined);
    if (verdict === 'no' || this.#closed() || (verdict === 'after-reconnect' && !this.slot.handle))
      throw this.translate(error);
    await (verdict === 'after-attach' ? attach : this.#reconnectedOrTimeUp());
    try {
      return await run();
    } catch (again) {
      throw this.translate(again);
    }
  }

  /** A TokenError means the session is gone (SessionExpiredError), except during a reattach, whose routes judge it. */
  translate(error: unknown): unknown {
    const phase = this.#phase.name;
    // In `stored` the refusal came from a connection given up already; the reattach will judge the session.
    if (error instanceof TokenError && this.slot.handle && phase !== 'attaching' && phase !== 'stored') {
      this.#leaveStateless();
      this.#phase = { name: 'none' };
      return this.#expired(this.slot.expire(error));
    }
    return error;
  }

  /** The background reattach, or reconnectWaitMs, whichever ends first: a UI hears of a down server within that. */
  #reconnectedOrTimeUp(): Promise<void> | undefined {
    const back = this.reconnecting;
    if (!back) return undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.#reconnectWaitMs);
    });
    return Promise.race([back, timeUp]).finally(() => clearTimeout(timer));
  }

  #attachment(): Promise<void> | undefined {
    return this.#phase.name === 'attaching' ? this.#phase.done : undefined;
  }

  async #connAttaching(call: RequestOptions, early: boolean): Promise<Connection> {
    await this.#lookUp();
    this.#startAttach(call);
    const phase = this.#phase;
    if (phase.name !== 'attaching') return this.#connAfter(call);
    const attached = phase.done.then(() => this.#connAfter(call));
    if (!early) return attached;
    attached.catch(() => undefined); // the race may settle on the tentative connection; the caller's send() sees the attach's failure
    return Promise.race([attached, phase.tentative.conn]);
  }

  /** After a reattach: the token-only connection of route 3, or the slot's. */
  #connAfter(call: RequestOptions): Promise<Connection> {
    const phase = this.#phase;
    if (phase.name === 'stateless') return this.#statelessConn(phase, call);
    return this.#connAttached(call);
  }

  async #connAttached(call: RequestOptions): Promise<Connection> {
    return this.#watch(await this.slot.conn(call));
  }

  /** unknown → stored | none (a session already in the slot needs no lookup). */
  async #lookUp(): Promise<void> {
    if (this.#phase.name !== 'unknown') return;
    if (this.slot.handle) {
      this.#phase = { name: 'attached' };
      return;
    }
    const entry = await this.keeper.find();
    if (this.#phase.name !== 'unknown') return;
    this.#phase = entry ? { name: 'stored', entry } : { name: 'none' };
    if (entry) this.zone.set(entry.timeZone);
  }

  /** stored → attaching → attached | stateless (route 3) | none (no route worked: SessionExpiredError). */
  #startAttach(call: RequestOptions): void {
    const phase = this.#phase;
    if (phase.name !== 'stored') return;
    const entry = phase.entry;
    const tentative = newTentative();
    const { reopenRefused } = phase;
    const attaching: SessionPhase = { name: 'attaching', entry, tentative, done: Promise.resolve(), reopenRefused };
    this.#phase = attaching;
    attaching.done = this.#attach(entry, tentative, call, reopenRefused).then(
      (next) => {
        if (this.#phase === attaching) this.#phase = next;
      },
      (error: unknown) => {
        if (this.#phase === attaching)
          this.#phase =
            error instanceof SessionExpiredError ? { name: 'none' } : { name: 'stored', entry, reopenRefused };
        if (error instanceof SessionExpiredError) {
          this.slot.close({ logout: true });
          this.#expired(error);
        }
        throw error;
      },
    );
  }

  async #attach(
    entry: StoredSession,
    tentative: Tentative,
    call: RequestOptions,
    reopenRefused = false,
  ): Promise<SessionPhase> {
    const handle = entryToHandle(entry);
    if (!handle) throw new SessionExpiredError('the stored session is unreadable; log in again');
    this.keeper.starting(entry);
    let stateless: StatelessConnection | undefined;
    const r = await reattachSlot(this.slot, entry, handle, {
      endpoint: this.#transport.endpoint,
      call,
      minRemainingMs: this.keeper.reattachMarginMs,
      reauthenticate: this.#reauthenticate,
      remove: (e) => this.keeper.ended(e),
      routes: reopenRefused ? this.#routes.filter((r) => r === 'stateless' || r === 'reauthenticate') : this.#routes,
      tentative: (conn) => tentative.reach(conn),
      stateless: async (h) => {
        const conn = await this.#openTokenOnly(h.token, call);
        try {
          await conn.request(request(DB_SIZE, undefined), call);
        } catch (error) {
          conn.close();
          throw error;
        }
        stateless = conn;
      },
    });
    const next: SessionPhase = stateless
      ? { name: 'stateless', conn: stateless, opening: undefined }
      : { name: 'attached' };
    if (next.name === 'attached' && this.slot.connection) this.#watch(this.slot.connection);
    await this.keeper.began(this.slot.handle!, r.user, r.route);
    this.#connected();
    return next;
  }

  /** A token-only connection of the session: its DATEs in the session's zone, a renewed token adopted by the slot. */
  async #openTokenOnly(token: Uint8Array, call: RequestOptions): Promise<StatelessConnection> {
    const { StatelessConnection } = await statelessConnections();
    const conn = await StatelessConnection.open(this.#transport, token, call, this.#maxAnswerBytes);
    conn.dates = this.zone.dates;
    conn.onTokenRenewed((renewed) => this.slot.adoptToken(renewed));
    return conn;
  }

  #leaveStateless(): void {
    if (this.#phase.name !== 'stateless') return;
    this.#phase.conn?.close();
    this.#phase = { name: 'attached' };
  }

  /** stateless: the token-only connection, opened again when it dropped; the token travels with each request. */
  async #statelessConn(phase: Extract<SessionPhase, { name: 'stateless' }>, call: RequestOptions): Promise<Connection> {
    const handle = this.slot.handle;
    if (!handle) {
      this.#leaveStateless();
      return this.#connAttached(call);
    }
    if (!phase.conn || phase.conn.closed) {
      phase.opening ??= this.#openTokenOnly(handle.token, call)
        .then((conn) => {
          phase.conn = conn;
          return conn;
        })
        .finally(() => {
          phase.opening = undefined;
        });
      return phase.opening;
    }
    return phase.conn;
  }

  /** A connection that drops (not closed by us) is reattached in the background, with backoff. */
  #watch(conn: Connection): Connection {
    if (this.#watched.has(conn)) return conn;
    this.#watched.add(conn);
    conn.onClose((error) => {
      if (error) this.#background.start(error);
    });
    return conn;
  }

  /** Another tab ended the session, or it expired: any → none. */
  #end(options: { logout?: boolean }): void {
    this.#leaveStateless();
    this.slot.close(options);
    this.#phase = { name: 'none' };
  }

  #connected(): void {
    const state = this.keeper.state;
    if (state) this.#events.emit('connected', { endpoint: this.#transport.endpoint, via: state.via, state });
  }

  #expired(error: SessionExpiredError): SessionExpiredError {
    this.#events.emit('expired', { endpoint: this.#transport.endpoint, error });
    return error;
  }
}

function newTentative(): Tentative {
  let reach!: (conn: Connection) => void;
  const conn = new Promise<Connection>((resolve) => {
    reach = resolve;
  });
  return { conn, reach };
}
