// The client's database session and the connection that carries it: login, the reattach on first use
// by the cheapest route (with the first request pipelined behind the probe), token-only mode (route 3),
// and the background reattach after a dropped connection that moves live queries over.
import { ClientClosedError, ConnectionLostError, NotSentError, SessionExpiredError, TokenError } from '../errors.js';
import type { Connection } from '../session/connection.js';
import { StatelessConnection } from '../session/stateless-connection.js';
import type { StoredSession } from '../tokens/stored-session.js';
import type { Transport } from '../transport/transport.js';
import * as admin from './admin.js';
import { LiveResume } from './live-resume.js';
import type { CallOptions, ResolvedOptions, ResolvedReconnect } from './options.js';
import { reattachSlot, type Reauthenticate } from './reattach.js';
import { reconnectLoop } from './reconnect.js';
import { SessionKeeper, entryToHandle, handleToEntry, type SessionState } from './session-keeper.js';
import type { SessionSlot } from './session-slot.js';
import type { SessionHandle } from './session-token.js';

export interface DatabaseSessionConfig {
  transport: Transport;
  /** Resolved once by the client (resolveOptions). */
  options: ResolvedOptions;
  slot: SessionSlot;
  /** The client's per-call options (default timeout applied). */
  call(options: CallOptions): CallOptions;
  /** True once the client is closed. */
  closed(): boolean;
  /** One cheap request on the session (the keep-alive's ping). */
  ping(): Promise<void>;
}

export class DatabaseSession {
  readonly slot: SessionSlot;
  readonly keeper: SessionKeeper;
  readonly #transport: Transport;
  readonly #call: (options: CallOptions) => CallOptions;
  readonly #closed: () => boolean;
  readonly #reauthenticate: Reauthenticate | undefined;
  readonly #reconnect: ResolvedReconnect | false;
  readonly #routes: ResolvedOptions['reattachRoutes'];
  /** The stored session to reattach to on first use: undefined = not looked up yet, null = none. */
  #pending: StoredSession | null | undefined;
  #attaching: Promise<void> | undefined;
  /** During a reattach: resolves with the route's connection as soon as its probe is on the wire. */
  #tentative: { conn: Promise<Connection>; reach(conn: Connection): void } | undefined;
  #reconnecting: Promise<void> | undefined;
  readonly #watched = new WeakSet<Connection>();
  readonly #listeners = new Set<(state: SessionState) => void>();
  /** Route 3: the session continues with token-only requests. */
  #stateless: { conn: StatelessConnection | undefined; opening: Promise<StatelessConnection> | undefined } | undefined;
  /** Live queries whose connection dropped, waiting for the background reattach. */
  readonly lives = new LiveResume(() => !!this.#reconnect && !this.#closed() && !!this.slot.handle && !this.#stateless);

  constructor(config: DatabaseSessionConfig) {
    const { options } = config;
    this.slot = config.slot;
    this.#transport = config.transport;
    this.#call = config.call;
    this.#closed = config.closed;
    this.#reauthenticate = options.reauthenticate;
    this.#reconnect = options.reconnect;
    this.#routes = options.reattachRoutes;
    this.keeper = new SessionKeeper(this.#transport.endpoint, options, {
      adopt: (handle) => {
        this.slot.adoptToken(handle.token);
        if (this.#stateless?.conn) this.#stateless.conn.token = handle.token;
      },
      forget: () => this.slot.close({ logout: true }),
      ping: config.ping,
    });
  }

  /** The background reattach after a dropped connection, while it runs. */
  get reconnecting(): Promise<void> | undefined { return this.#reconnecting; }

  onReattach(listener: (state: SessionState) => void): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  /** Hands the idle bridge connection to the bridge to keep; false when there is none or it is busy. */
  park(): boolean {
    const conn = this.slot.connection;
    if (!conn || !conn.idle || !conn.resumeId) return false;
    this.slot.close({ park: true });
    return true;
  }

  /** DB_OPEN on a new connection. */
  async login(database: string, user: string, password: string, call: CallOptions): Promise<void> {
    this.#pending = null;
    this.#leaveStateless();
    await this.slot.login({ database, user, password }, call);
    if (this.slot.connection) this.#watch(this.slot.connection);
    await this.keeper.began(this.slot.handle!, user, 'login');
  }

  /** Takes over a session from a token string's handle; reattached on first use. */
  attach(handle: SessionHandle): void {
    this.#pending = handleToEntry(this.#transport.endpoint, '', handle, Date.now());
    this.slot.attach(handle);
  }

  /** Looks up the stored session to reattach to on first use; false when none is kept. */
  async restore(): Promise<boolean> {
    this.#pending = await this.keeper.find();
    return this.#pending !== null;
  }

  close(options: { logout?: boolean }): void {
    this.lives.fail(new ClientClosedError());
    this.keeper.close();
    this.#leaveStateless();
    this.slot.close(options);
  }

  /** `early`: during a reattach, the route's connection before its probe is answered (see early()). */
  conn(call: CallOptions, early = false): Promise<Connection> {
    if (this.#closed()) return Promise.reject(new ClientClosedError());
    if (this.#stateless) return this.#statelessConn(call);
    const slot = this.slot;
    if (slot.connection && (early || !this.#attaching)) return Promise.resolve(slot.connection);
    if (early) this.#tentative ??= tentative();
    const attached = this.#attachStored(call).then(() => this.#stateless ? this.#statelessConn(call) : slot.conn(call).then((conn) => this.#watch(conn)));
    return early && this.#tentative ? Promise.race([attached, this.#tentative.conn]) : attached;
  }

  /**
   * Runs one request on the session. During a reattach it is pipelined behind the route's probe and
   * returns once the route is settled (session.via set); refused because the session turned out
   * gone, it is sent again on the next route: the server refuses a request on an unknown session
   * before running it, writes included (dead-session-writes.test.ts).
   */
  early<T>(run: () => Promise<T>): Promise<T> {
    if (this.#stateless || (this.slot.connection && !this.#attaching)) return run();
    return run().then(async (value) => {
      await this.#attaching?.catch(() => undefined);
      return value;
    }, async (error: unknown) => {
      const attach = this.#attaching;
      if (!attach || this.#closed() || !(error instanceof TokenError || error instanceof ClientClosedError || error instanceof NotSentError)) throw error;
      await attach;
      return run();
    });
  }

  /** A TokenError means the session is gone (SessionExpiredError), except during a reattach, whose routes judge it. */
  translate(error: unknown): unknown {
    if (error instanceof TokenError && this.slot.handle && !this.#attaching) return this.slot.expire(error);
    return error;
  }

  #enterStateless(conn: StatelessConnection): void {
    this.#leaveStateless();
    this.#stateless = { conn: undefined, opening: undefined };
    this.#adoptStateless(conn);
  }

  #adoptStateless(conn: StatelessConnection): void {
    if (!this.#stateless) return;
    this.#stateless.conn = conn;
    conn.onTokenRenewed((token) => this.slot.adoptToken(token));
  }

  #leaveStateless(): void {
    this.#stateless?.conn?.close();
    this.#stateless = undefined;
  }

  /** The token-only connection, opened again when it dropped; the session's token travels with each request. */
  async #statelessConn(call: CallOptions): Promise<Connection> {
    const s = this.#stateless!;
    const handle = this.slot.handle;
    if (!handle) {
      this.#leaveStateless();
      return this.slot.conn(call);
    }
    if (!s.conn || s.conn.closed) {
      s.opening ??= StatelessConnection.open(this.#transport, handle.token, call)
        .then((conn) => { this.#adoptStateless(conn); return conn; })
        .finally(() => { s.opening = undefined; });
      await s.opening;
    }
    return s.conn as unknown as Connection;
  }

  /** A connection that drops (not closed by us) is reattached in the background, with backoff. */
  #watch(conn: Connection): Connection {
    if (this.#watched.has(conn)) return conn;
    this.#watched.add(conn);
    conn.onClose((error) => { if (error) this.#reattachInBackground(); });
    return conn;
  }

  #reattachInBackground(): void {
    if (!this.#reconnect || this.#closed() || !this.slot.handle || this.#reconnecting) return;
    this.#reconnecting = this.#reattachDropped(this.#reconnect).finally(() => {
      this.#reconnecting = undefined;
      // Dropped again after the live queries were moved: go round once more for them.
      if (this.lives.waiting > 0) this.#reattachInBackground();
    });
  }

  /** Reattaches the dropped session, moves its live queries over, then tells the onReattach listeners. */
  async #reattachDropped(options: ResolvedReconnect): Promise<void> {
    const slot = this.slot;
    try {
      let conn: Connection;
      do {
        conn = await reconnectLoop(async () => {
          const call = this.#call({});
          const c = this.#watch(await slot.conn(call));
          if (this.#closed()) { slot.close(); throw new ClientClosedError(); }
          await c.request(admin.dbSize(), call);
          return c;
        }, { ...options, isFatal: (e) => e instanceof TokenError || e instanceof ClientClosedError || this.#closed() });
        await this.lives.resubscribe(conn, this.#call({}), (e) => this.translate(e));
      } while (conn.closed && this.lives.waiting > 0);
      await this.keeper.began(slot.handle!, this.keeper.state?.user ?? '', conn.resumed ? 'resume' : 'session', true);
      this.#tell();
    } catch (error) {
      const expired = error instanceof TokenError && slot.handle ? slot.expire(error) : undefined;
      this.lives.fail(expired ?? (this.#closed() ? new ClientClosedError()
        : new ConnectionLostError('the connection carrying the live query dropped and the session could not be reattached', { cause: error })));
    }
  }

  /** On first use, reattaches to the stored (or setSessionToken) session by the cheapest route that works. */
  async #attachStored(call: CallOptions): Promise<void> {
    if (this.#pending === undefined && !this.slot.handle) this.#pending = await this.keeper.find();
    const entry = this.#pending;
    if (!entry) return;
    this.#attaching ??= (async () => {
      const handle = entryToHandle(entry);
      try {
        if (!handle) throw new SessionExpiredError('the stored session is unreadable; log in again');
        this.keeper.starting(entry);
        const r = await reattachSlot(this.slot, entry, handle, {
          endpoint: this.#transport.endpoint, call, minRemainingMs: this.keeper.reattachMarginMs,
          reauthenticate: this.#reauthenticate, remove: (e) => this.keeper.ended(e),
          routes: this.#routes,
          tentative: (conn) => this.#tentative?.reach(conn),
          stateless: async (h) => {
            const conn = await StatelessConnection.open(this.#transport, h.token, call);
            try {
              await conn.request(admin.dbSize(), call);
            } catch (error) {
              conn.close();
              throw error;
            }
            this.#enterStateless(conn);
          },
        });
        this.#pending = null;
        await this.keeper.began(this.slot.handle!, r.user, r.route);
        this.#tell();
      } catch (error) {
        if (error instanceof SessionExpiredError) { this.#pending = null; this.slot.close({ logout: true }); }
        throw error;
      }
    })().finally(() => { this.#attaching = undefined; this.#tentative = undefined; });
    return this.#attaching;
  }

  #tell(): void {
    for (const fn of this.#listeners) { try { fn(this.keeper.state!); } catch { /* a listener's failure is its own */ } }
  }
}

function tentative(): { conn: Promise<Connection>; reach(conn: Connection): void } {
  let reach!: (conn: Connection) => void;
  const conn = new Promise<Connection>((resolve) => { reach = resolve; });
  return { conn, reach };
}
