// The public OrientDB class: sessions (database and server), SQL queries, commands, scripts and
// streams, administration, and the session token a second client can reattach with.
import { ClientClosedError, InvalidArgumentError, TokenError } from '../errors.js';
import type { Connection } from '../session/connection.js';
import type { Request } from '../session/types.js';
import type { Transport } from '../transport/transport.js';
import { websocket } from '../transport/websocket.js';
import { MemoryTokenStore, type TokenStore } from '../tokens/token-store.js';
import * as admin from './admin.js';
import { DEFAULT_PAGE_SIZE, DEFAULT_TIMEOUT_MS, type CallOptions, type OrientDBOptions, type StreamOptions } from './options.js';
import { queryRequest, type Params, type Row, type QueryKind } from './query-requests.js';
import { ResultStream } from './query-stream.js';
import { SessionSlot } from './session-slot.js';
import { decodeSessionHandle, encodeSessionHandle, type SessionHandle, type SessionKind } from './session-token.js';
// issue 4 (records, transactions, live queries):
import { subscribeLive, type LiveQuery } from './live-query.js';
import {
  recordCreateRequest, recordDeleteRequest, recordLoadRequest, recordUpdateRequest,
  type RecordLoadOptions, type RecordRow, type RecordWriteOptions, type Rid,
} from './records.js';
import { runTransaction, type Transaction } from './transaction.js';
import { BatchTransaction } from './transaction-batch.js';
// issue 6 (sessions that survive a reload; logic in session-keeper.ts and reattach.ts):
import { SessionKeeper, entryToHandle, handleToEntry, type SessionState } from './session-keeper.js';
import { reattachSlot, type Reauthenticate } from './reattach.js';
import type { StoredSession } from '../tokens/stored-session.js';
import { ConnectionLostError, SessionExpiredError } from '../errors.js';
import { reconnectLoop, type ReconnectOptions } from './reconnect.js';
import { StatelessConnection } from '../session/stateless-connection.js';
import { LiveResume } from './live-resume.js';

export class OrientDB {
  #transport: Transport;
  #timeoutMs: number;
  #store: TokenStore | null;
  #tokensEnabled = true;
  #database: SessionSlot;
  #server: SessionSlot;
  #closed = false;
  #keeper: SessionKeeper;
  #reauthenticate: Reauthenticate | undefined;
  /** The stored session to reattach to on first use: undefined = not looked up yet, null = none. */
  #pending: StoredSession | null | undefined;
  #attaching: Promise<void> | undefined;
  /** During a reattach: resolves with the route's connection as soon as its probe is on the wire. */
  #tentative: { conn: Promise<Connection>; reach(conn: Connection): void } | undefined;
  #reconnect: ReconnectOptions | false;
  #reconnecting: Promise<void> | undefined;
  #watched = new WeakSet<Connection>();
  #listeners = new Set<(state: SessionState) => void>();
  /** Route 3: the database session continues with token-only requests. */
  #stateless: { conn: StatelessConnection | undefined; opening: Promise<StatelessConnection> | undefined } | undefined;
  #routes: OrientDBOptions['reattachRoutes'];
  /** Live queries whose connection dropped, waiting for the background reattach. */
  #lives = new LiveResume(() => !!this.#reconnect && !this.#closed && !!this.#database.handle && !this.#stateless);

  constructor(options: OrientDBOptions) {
    if (options.transport) this.#transport = options.transport;
    else if (options.url) this.#transport = websocket(options.url, { WebSocket: options.WebSocket, accessToken: options.accessToken });
    else throw new InvalidArgumentError('new OrientDB() needs a url (the bridge) or a transport');
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#store = options.tokenStore === undefined ? new MemoryTokenStore() : options.tokenStore;
    const config = {
      transport: this.#transport, upstream: options.upstream, protocolVersion: options.protocolVersion,
      changed: (kind: SessionKind, handle: SessionHandle | null) => this.#persist(kind, handle),
    };
    this.#database = new SessionSlot('database', config);
    this.#server = new SessionSlot('server', config);
    this.#reauthenticate = options.reauthenticate;
    this.#reconnect = options.reconnect ?? {};
    this.#routes = options.reattachRoutes;
    this.#keeper = new SessionKeeper(this.#transport.endpoint, options, {
      adopt: (handle) => {
        this.#database.adoptToken(handle.token);
        if (this.#stateless?.conn) this.#stateless.conn.token = handle.token;
      },
      forget: () => this.#database.close({ logout: true }),
      ping: async () => { await this.dbSize(); },
    });
    const page = globalThis as { addEventListener?: (type: string, fn: () => void) => void; document?: unknown };
    if (typeof page.addEventListener === 'function' && page.document !== undefined) page.addEventListener('pagehide', () => this.park());
  }

  /**
   * Hands the idle bridge connection of the database session to the bridge to keep for the next load
   * (pages do this on pagehide); false when there is none or a request is in flight.
   */
  park(): boolean {
    const conn = this.#database.connection;
    if (!conn || !conn.idle || !conn.resumeId) return false;
    this.#database.close({ park: true });
    return true;
  }

  /** Called after every reattach (first use or after a dropped connection) with the session's state. */
  onReattach(listener: (state: SessionState) => void): () => void {
    this.#listeners.add(listener);
    return () => { this.#listeners.delete(listener); };
  }

  /** The database session's state (expiry, how it was obtained), or null when there is none yet. */
  get session(): SessionState | null { return this.#keeper.state; }

  /** The transport's endpoint (bridge URL or host:port). */
  get endpoint(): string { return this.#transport.endpoint; }

  /** The database of the current database session, if any. */
  get database(): string | undefined { return this.#database.handle?.database || undefined; }

  // ---- sessions ------------------------------------------------------------------------------

  /** Opens a database session (DB_OPEN) on a new connection. */
  async dbOpen(database: string, user: string, password: string, options: CallOptions = {}): Promise<void> {
    this.#open();
    this.#pending = null;
    this.#leaveStateless();
    await this.#database.login({ database, user, password }, this.#call(options));
    if (this.#database.connection) this.#watch(this.#database.connection);
    await this.#keeper.began(this.#database.handle!, user, 'login');
  }

  /** Opens a server-level session (CONNECT) for administration and serverQuery(). */
  async connect(user: string, password: string, options: CallOptions = {}): Promise<void> {
    this.#open();
    await this.#server.login({ user, password }, this.#call(options));
  }

  /**
   * `true`/`false` turns token sessions on or off (on by default; off: no token kept or exposed).
   * A string from getSessionToken() reattaches this client to that session without credentials.
   */
  setSessionToken(token: boolean | string): void {
    if (typeof token === 'boolean') {
      this.#tokensEnabled = token;
      if (!token) for (const slot of [this.#database, this.#server]) this.#persist(slot.kind, null);
      return;
    }
    this.#open();
    const handle = decodeSessionHandle(token);
    this.#tokensEnabled = true;
    if (handle.kind === 'database') this.#pending = handleToEntry(this.#transport.endpoint, '', handle, Date.now());
    (handle.kind === 'database' ? this.#database : this.#server).attach(handle);
  }

  /** An opaque string for setSessionToken() (database session first, else server session); '' when none or disabled. */
  getSessionToken(): string {
    if (!this.#tokensEnabled) return '';
    const handle = this.#database.handle ?? this.#server.handle;
    return handle ? encodeSessionHandle(handle) : '';
  }

  /** Reattaches to the session kept in the token store for this endpoint; false when none is kept. */
  async restoreSession(kind: SessionKind = 'database'): Promise<boolean> {
    if (kind === 'database') {
      this.#pending = await this.#keeper.find();
      return this.#pending !== null;
    }
    const stored = await this.#store?.get(this.#storeKey(kind));
    if (!stored) return false;
    this.setSessionToken(stored);
    return true;
  }

  // ---- SQL -----------------------------------------------------------------------------------

  /** Runs an idempotent query and returns every row. */
  async query<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    try {
      return await this.#early(() => this.#stream<T>('query', sql, params, options, true).toArray());
    } catch (error) {
      // A read cut off by a dropped connection is safe to send again once the session is back.
      if (!(error instanceof ConnectionLostError) || this.#closed || !this.#database.handle) throw error;
      await this.#reconnecting;
      return this.stream<T>(sql, params, options).toArray();
    }
  }

  /** Runs an idempotent query; pages are fetched as the loop consumes them. */
  stream<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): ResultStream<T> {
    return this.#stream<T>('query', sql, params, options);
  }

  /** Runs a non-idempotent SQL command (INSERT, UPDATE, CREATE ...) and returns its rows. */
  async command<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    return this.#early(() => this.#stream<T>('command', sql, params, options, true).toArray());
  }

  /** Runs an SQL script (statements separated by ';', e.g. BEGIN ... COMMIT; RETURN $a). */
  async batch<T = Row>(script: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    return this.#early(() => this.#stream<T>('script', script, params, options, true).toArray());
  }

  /** Server-level SQL (SERVER_QUERY) on the connect() session: CREATE DATABASE ..., EXISTS DATABASE ... */
  async serverQuery<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    const call = this.#call(options);
    const slot = this.#server;
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const stream = new ResultStream<T>(() => this.#conn(slot, call), queryRequest<T>('server', sql, params, pageSize), pageSize, call, (e) => this.#translate(slot, e));
    return stream.toArray();
  }

  // ---- administration ------------------------------------------------------------------------

  dbCreate(name: string, type: admin.DatabaseType = 'graph', storage: admin.StorageType = 'plocal', options: CallOptions = {}): Promise<void> {
    return this.#run(this.#server, admin.dbCreate(name, type, storage), options);
  }
  dbExists(name: string, storage: admin.StorageType = 'plocal', options: CallOptions = {}): Promise<boolean> {
    return this.#run(this.#server, admin.dbExists(name, storage), options);
  }
  /** Database names mapped to their server URLs. */
  dbList(options: CallOptions = {}): Promise<Record<string, string>> {
    return this.#run(this.#server, admin.dbList(), options);
  }
  dbDrop(name: string, storage: admin.StorageType = 'plocal', options: CallOptions = {}): Promise<void> {
    return this.#run(this.#server, admin.dbDrop(name, storage), options);
  }
  /** Size of the open database in bytes. */
  dbSize(options: CallOptions = {}): Promise<number | bigint> {
    return this.#run(this.#database, admin.dbSize(), options);
  }
  /** Number of records in the open database. */
  dbCountRecords(options: CallOptions = {}): Promise<number | bigint> {
    return this.#run(this.#database, admin.dbCountRecords(), options);
  }
  /** The open database's storage configuration (clusters, time zone, formats). */
  dbReload(options: CallOptions = {}): Promise<admin.StorageConfiguration> {
    return this.#run(this.#database, admin.dbReload(), options);
  }

  // ---- records, transactions, live queries (issue 4; logic in records.ts, transaction*.ts, live-query.ts)

  /** The record at `rid` ('#12:0' or a RecordId), or null when there is none. */
  async recordLoad(rid: Rid, options: RecordLoadOptions & CallOptions = {}): Promise<RecordRow | null> {
    return await this.#run(this.#database, recordLoadRequest(rid, options), options);
  }
  /** Stores a new document in a class (or cluster id); answers it with its '@rid' and '@version'. */
  async recordCreate(classNameOrClusterId: string | number, fields: Record<string, unknown>, options: CallOptions = {}): Promise<RecordRow> {
    return await this.#run(this.#database, recordCreateRequest(classNameOrClusterId, fields), options);
  }
  /** Replaces a record's fields; a stale `version` fails with ConcurrentModificationError. */
  async recordUpdate(rid: Rid, fields: Record<string, unknown>, options: RecordWriteOptions & CallOptions = {}): Promise<RecordRow> {
    return await this.#run(this.#database, recordUpdateRequest(rid, fields, options), options);
  }
  /** Deletes a record; false when there was none. A stale `version` fails with ConcurrentModificationError. */
  async recordDelete(rid: Rid, options: RecordWriteOptions & CallOptions = {}): Promise<boolean> {
    return await this.#run(this.#database, recordDeleteRequest(rid, options), options);
  }
  /** Runs `fn` in a server-side transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options: CallOptions = {}): Promise<T> {
    const call = this.#call(options);
    const conn = await this.#conn(this.#database, call);
    try {
      return await runTransaction(conn, fn, call);
    } catch (error) {
      throw this.#translate(this.#database, error);
    }
  }
  /** A batch transaction: attach creates, updates and deletes, then commit() sends them in one request. */
  tx(): BatchTransaction {
    return new BatchTransaction((o) => this.#conn(this.#database, this.#call(o)));
  }
  /** Subscribes a live query on the database session; iterate its events, then unsubscribe(). */
  async live<T = Row>(sql: string, params: Params = {}, options: CallOptions = {}): Promise<LiveQuery<T>> {
    const call = this.#call(options);
    const conn = await this.#conn(this.#database, call);
    try {
      return await subscribeLive<T>(conn, sql, params, call, this.#lives.keep);
    } catch (error) {
      throw this.#translate(this.#database, error);
    }
  }

  /**
   * Closes the connections. The sessions stay valid on the server until their tokens expire, so a
   * token from getSessionToken() can still reattach; `logout: true` forgets them here and in the store.
   */
  async close(options: { logout?: boolean } = {}): Promise<void> {
    this.#closed = true;
    this.#lives.fail(new ClientClosedError());
    this.#keeper.close();
    this.#leaveStateless();
    this.#database.close(options);
    this.#server.close(options);
  }

  // ---- internals -----------------------------------------------------------------------------

  #stream<T>(kind: QueryKind, sql: string, params: Params, options: StreamOptions, early = false): ResultStream<T> {
    const call = this.#call(options);
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const slot = this.#database;
    return new ResultStream<T>(() => this.#conn(slot, call, early), queryRequest<T>(kind, sql, params, pageSize), pageSize, call, (e) => this.#translate(slot, e));
  }

  #run<T>(slot: SessionSlot, request: Request<T>, options: CallOptions): Promise<T> {
    return slot === this.#database ? this.#early(() => this.#send(slot, request, options)) : this.#send(slot, request, options);
  }

  async #send<T>(slot: SessionSlot, request: Request<T>, options: CallOptions): Promise<T> {
    const call = this.#call(options);
    const conn = await this.#conn(slot, call, true);
    try {
      return await conn.request(request, call);
    } catch (error) {
      // issue 6: an idempotent request cut off by a dropped connection is sent again once the session is back.
      if (!(error instanceof ConnectionLostError) || !request.idempotent || slot !== this.#database || !slot.handle || this.#closed) {
        throw this.#translate(slot, error);
      }
    }
    await this.#reconnecting;
    try {
      return await (await this.#conn(slot, call)).request(request, call);
    } catch (error) {
      throw this.#translate(slot, error);
    }
  }

  /** `early`: during a reattach, the route's connection before its probe is answered (see #early). */
  #conn(slot: SessionSlot, call: CallOptions, early = false): Promise<Connection> {
    if (this.#closed) return Promise.reject(new ClientClosedError());
    if (slot !== this.#database) return slot.conn(call);
    if (this.#stateless) return this.#statelessConn(call);
    if (slot.connection && (early || !this.#attaching)) return Promise.resolve(slot.connection);
    if (early) this.#tentative ??= tentative();
    const attached = this.#attachStored(call).then(() => this.#stateless ? this.#statelessConn(call) : slot.conn(call).then((conn) => this.#watch(conn)));
    return early && this.#tentative ? Promise.race([attached, this.#tentative.conn]) : attached;
  }

  /**
   * Runs one request on the database session. During a reattach it is pipelined behind the route's
   * probe and returns once the route is settled (session.via set); refused because the session
   * turned out gone, it is sent again on the next route: the server refuses a request on an unknown
   * session before running it, writes included (dead-session-writes.test.ts).
   */
  #early<T>(run: () => Promise<T>): Promise<T> {
    if (this.#stateless || (this.#database.connection && !this.#attaching)) return run();
    return run().then(async (value) => {
      await this.#attaching?.catch(() => undefined);
      return value;
    }, async (error: unknown) => {
      const attach = this.#attaching;
      if (!attach || this.#closed || !(error instanceof TokenError || error instanceof ClientClosedError)) throw error;
      await attach;
      return run();
    });
  }

  #enterStateless(conn: StatelessConnection): void {
    this.#leaveStateless();
    this.#stateless = { conn: undefined, opening: undefined };
    this.#adoptStateless(conn);
  }

  #adoptStateless(conn: StatelessConnection): void {
    if (!this.#stateless) return;
    this.#stateless.conn = conn;
    conn.onTokenRenewed((token) => this.#database.adoptToken(token));
  }

  #leaveStateless(): void {
    this.#stateless?.conn?.close();
    this.#stateless = undefined;
  }

  /** The token-only connection, opened again when it dropped; the session's token travels with each request. */
  async #statelessConn(call: CallOptions): Promise<Connection> {
    const s = this.#stateless!;
    const handle = this.#database.handle;
    if (!handle) {
      this.#leaveStateless();
      return this.#database.conn(call);
    }
    if (!s.conn || s.conn.closed) {
      s.opening ??= StatelessConnection.open(this.#transport, handle.token, call)
        .then((conn) => { this.#adoptStateless(conn); return conn; })
        .finally(() => { s.opening = undefined; });
      await s.opening;
    }
    return s.conn as unknown as Connection;
  }

  /** A database connection that drops (not closed by us) is reattached in the background, with backoff. */
  #watch(conn: Connection): Connection {
    if (this.#watched.has(conn)) return conn;
    this.#watched.add(conn);
    conn.onClose((error) => { if (error) this.#reattachInBackground(); });
    return conn;
  }

  #reattachInBackground(): void {
    if (!this.#reconnect || this.#closed || !this.#database.handle || this.#reconnecting) return;
    this.#reconnecting = this.#reattachDropped(this.#reconnect).finally(() => {
      this.#reconnecting = undefined;
      // Dropped again after the live queries were moved: go round once more for them.
      if (this.#lives.waiting > 0) this.#reattachInBackground();
    });
  }

  /** Reattaches the dropped database session, moves its live queries over, then tells the onReattach listeners. */
  async #reattachDropped(options: ReconnectOptions): Promise<void> {
    const slot = this.#database;
    try {
      let conn: Connection;
      do {
        conn = await reconnectLoop(async () => {
          const call = this.#call({});
          const c = this.#watch(await slot.conn(call));
          if (this.#closed) { slot.close(); throw new ClientClosedError(); }
          await c.request(admin.dbSize(), call);
          return c;
        }, { ...options, isFatal: (e) => e instanceof TokenError || e instanceof ClientClosedError || this.#closed });
        await this.#lives.resubscribe(conn, this.#call({}), (e) => this.#translate(slot, e));
      } while (conn.closed && this.#lives.waiting > 0);
      await this.#keeper.began(slot.handle!, this.#keeper.state?.user ?? '', conn.resumed ? 'resume' : 'session', true);
      for (const fn of this.#listeners) { try { fn(this.#keeper.state!); } catch { /* a listener's failure is its own */ } }
    } catch (error) {
      const expired = error instanceof TokenError && slot.handle ? slot.expire(error) : undefined;
      this.#lives.fail(expired ?? (this.#closed ? new ClientClosedError()
        : new ConnectionLostError('the connection carrying the live query dropped and the session could not be reattached', { cause: error })));
    }
  }

  /** On first use, reattaches to the stored (or setSessionToken) session by the cheapest route that works. */
  async #attachStored(call: CallOptions): Promise<void> {
    if (this.#pending === undefined && !this.#database.handle) this.#pending = await this.#keeper.find();
    const entry = this.#pending;
    if (!entry) return;
    this.#attaching ??= (async () => {
      const handle = entryToHandle(entry);
      try {
        if (!handle) throw new SessionExpiredError('the stored session is unreadable; log in again');
        this.#keeper.starting(entry);
        const r = await reattachSlot(this.#database, entry, handle, {
          endpoint: this.#transport.endpoint, call, minRemainingMs: this.#keeper.reattachMarginMs,
          reauthenticate: this.#reauthenticate, remove: (e) => this.#keeper.ended(e),
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
        await this.#keeper.began(this.#database.handle!, r.user, r.route);
        for (const fn of this.#listeners) { try { fn(this.#keeper.state!); } catch { /* a listener's failure is its own */ } }
      } catch (error) {
        if (error instanceof SessionExpiredError) { this.#pending = null; this.#database.close({ logout: true }); }
        throw error;
      }
    })().finally(() => { this.#attaching = undefined; this.#tentative = undefined; });
    return this.#attaching;
  }



  #translate(slot: SessionSlot, error: unknown): unknown {
    // During a reattach a refusal is the route's to judge (the next route may still work).
    if (error instanceof TokenError && slot.handle && !(slot === this.#database && this.#attaching)) return slot.expire(error);
    return error;
  }

  #call(options: CallOptions): CallOptions {
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    return { signal: options.signal, timeoutMs: timeoutMs > 0 ? timeoutMs : 0 };
  }

  /** dbOpen(), connect() and setSessionToken() reopen a closed client. */
  #open(): void {
    this.#closed = false;
  }

  #storeKey(kind: SessionKind): string {
    return `orientdb-edge:${this.#transport.endpoint}:${kind}`;
  }

  #persist(kind: SessionKind, handle: SessionHandle | null): void {
    if (kind === 'database') {
      void (handle && this.#tokensEnabled ? this.#keeper.changed(handle) : this.#keeper.ended()).catch(() => undefined);
      return;
    }
    const store = this.#store;
    if (!store) return;
    const key = this.#storeKey(kind);
    const done = handle && this.#tokensEnabled ? store.set(key, encodeSessionHandle(handle)) : store.remove(key);
    if (done instanceof Promise) done.catch(() => undefined);
  }
}

function tentative(): { conn: Promise<Connection>; reach(conn: Connection): void } {
  let reach!: (conn: Connection) => void;
  const conn = new Promise<Connection>((resolve) => { reach = resolve; });
  return { conn, reach };
}
