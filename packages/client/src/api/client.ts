// The public OrientDB class: sessions (database and server), SQL queries, commands, scripts and
// streams, administration, records, transactions, live queries, and the session token a second client
// can reattach with. Each call is one request of the operation table (codec/operations/) sent on one
// of two sessions; the database session's reattach, reconnect and resend rules live in database-session.ts.
import type { StorageType } from '../codec/operations/admin.js';
import { DB_SIZE } from '../codec/operations/db-size.js';
import type { StorageConfiguration } from '../codec/operations/storage-configuration.js';
import { DateZone, type DateZoneRef } from '../codec/date-zone.js';
import { type Request, request } from '../session/request.js';
import type { Transport } from '../transport/transport.js';
import type { TokenStore } from '../tokens/token-store.js';
import { DatabaseSession } from './database-session.js';
import { ClientEventEmitter, type ClientEventListener, type ClientEventName } from './events.js';
import {
  adminOperations,
  liveQueries,
  queryObservers,
  recordCalls,
  serverSessions,
  taggedSql,
  transactions,
} from './lazy-modules.js';
import type { LiveQuery } from './live-query.js';
import { pageNetwork, watchPageLifecycle } from './page-lifecycle.js';
import {
  type CallOptions,
  DEFAULT_PAGE_SIZE,
  type OrientDBOptions,
  resolveOptions,
  type StreamOptions,
} from './options.js';
import type { Params, QueryKind, Row } from './query-requests.js';
import { parametersReady, queryRequest } from './statement-request.js';
import { ResultStream } from './query-stream.js';
import type { RecordWriteOptions, Rid } from './record-fields.js';
import type { RecordLoadOptions, RecordRow } from './records.js';
import type { ServerSession } from './server-session.js';
import type { Session } from './session.js';
import type { ReplayClass } from '../codec/operations/operation.js';
import type { SessionState } from './session-keeper.js';
import { SessionSlot } from './session-slot.js';
import { decodeSessionHandle, encodeSessionHandle, type SessionHandle, type SessionKind } from './session-token.js';
import type { Metering, StreamObserver } from './query-observer.js';
import { statementOf } from './statement.js';
import { isTemplate } from './sql-template.js';
import type { Transaction } from './transaction.js';
import type { BatchTransaction } from './transaction-batch.js';

export type { StorageConfiguration, StorageType };
export type DatabaseType = 'graph' | 'document';

export class OrientDB {
  #transport: Transport;
  #timeoutMs: number;
  #store: TokenStore | null;
  #keyPrefix: string;
  #tokensEnabled = true;
  #closed = false;
  readonly #db: DatabaseSession;
  /** The server session's slot: its handle, attach and close are synchronous; its calls load ServerSession. */
  readonly #serverSlot: SessionSlot;
  #serverSession: ServerSession | undefined;
  readonly #events = new ClientEventEmitter();
  readonly #queryEventParams: boolean;

  constructor(options: OrientDBOptions) {
    // Every default is applied here, once (DEFAULTS in options.ts); the parts below take resolved values.
    const o = resolveOptions(options);
    this.#transport = o.transport;
    this.#timeoutMs = o.timeoutMs;
    this.#store = o.serverTokenStore;
    this.#keyPrefix = o.tokenKeyPrefix;
    this.#queryEventParams = o.queryEventParams;
    const config = {
      transport: this.#transport,
      upstream: o.upstream,
      connection: {
        protocolVersion: o.protocolVersion,
        maxAnswerBytes: o.maxAnswerBytes,
        greetingTimeoutMs: o.greetingTimeoutMs,
      },
      changed: (kind: SessionKind, handle: SessionHandle | null) => this.#persist(kind, handle),
    };
    const closed = () => this.#closed;
    this.#serverSlot = new SessionSlot('server', config);
    // The database's time zone, learned by the session and read by each of its connections (DATE values).
    const dates: DateZoneRef = { zone: undefined };
    this.#db = new DatabaseSession({
      transport: this.#transport,
      options: o,
      slot: new SessionSlot('database', { ...config, connection: { ...config.connection, dates } }),
      dates,
      call: (c) => this.#call(c),
      closed,
      events: this.#events,
      network: pageNetwork(),
    });
    watchPageLifecycle(this.#db);
  }

  /**
   * Hands the idle bridge connection of the database session to the bridge to keep for the next load
   * (pages do this as they go: page-lifecycle.ts); false when there is none or a request is in flight.
   */
  park(): boolean {
    return this.#db.park();
  }

  /**
   * Listens to what happens to the connection: 'connected' (a login or a stored session's reattach),
   * 'reconnecting' (from the first failed attempt after a drop), 'reattached' (with the route),
   * 'expired' (log in again), 'closed'. Returns the function that stops listening.
   */
  on<K extends ClientEventName>(event: K, listener: ClientEventListener<K>): () => void {
    // The 'query' event's code loads once someone listens, most often before the next query needs it;
    // a failed load is the next query's to retry and report.
    if (event === 'query') queryObservers().catch(() => undefined);
    return this.#events.on(event, listener);
  }

  /** Called after every reattach (first use or after a dropped connection) with the session's state: on('connected') with a route, and on('reattached'). */
  onReattach(listener: (state: SessionState) => void): () => void {
    return this.#db.onReattach(listener);
  }

  /** The database session's state (expiry, how it was obtained), or null when there is none yet. */
  get session(): SessionState | null {
    return this.#db.keeper.state;
  }

  /** The transport's endpoint (bridge URL or host:port). */
  get endpoint(): string {
    return this.#transport.endpoint;
  }

  /** The database of the current database session, if any. */
  get database(): string | undefined {
    return this.#db.handle?.database || undefined;
  }

  // ---- sessions ------------------------------------------------------------------------------

  /** Opens a database session (DB_OPEN) on a new connection. */
  async dbOpen(database: string, user: string, password: string, options: CallOptions = {}): Promise<void> {
    this.#open();
    await this.#db.login(database, user, password, this.#call(options));
  }

  /** Opens a server-level session (CONNECT) for administration and serverQuery(). */
  async connect(user: string, password: string, options: CallOptions = {}): Promise<void> {
    this.#open();
    await (await this.#server()).login(user, password, this.#call(options));
  }

  /**
   * `true`/`false` turns token sessions on or off (on by default; off: no token kept or exposed).
   * A string from getSessionToken() reattaches this client to that session without credentials.
   */
  setSessionToken(token: boolean | string): void {
    if (typeof token === 'boolean') {
      this.#tokensEnabled = token;
      if (!token) for (const kind of ['database', 'server'] as const) this.#persist(kind, null);
      return;
    }
    this.#open();
    const handle = decodeSessionHandle(token);
    this.#tokensEnabled = true;
    if (handle.kind === 'database') this.#db.attach(handle);
    else this.#serverSlot.attach(handle);
  }

  /** An opaque string for setSessionToken() (database session first, else server session); '' when none or disabled. */
  getSessionToken(): string {
    if (!this.#tokensEnabled) return '';
    const handle = this.#db.handle ?? this.#serverSlot.handle;
    return handle ? encodeSessionHandle(handle) : '';
  }

  /** Reattaches to the session kept in the token store for this endpoint; false when none is kept. */
  async restoreSession(kind: SessionKind = 'database'): Promise<boolean> {
    if (kind === 'database') return this.#db.restore();
    const stored = await this.#store?.get(this.#storeKey(kind));
    if (!stored) return false;
    this.setSessionToken(stored);
    return true;
  }

  // ---- SQL -----------------------------------------------------------------------------------

  /**
   * Runs an idempotent query and returns every row; cut off by a dropped connection, it runs again once
   * the session is back. As a tagged template (db.query`... ${value}`) every value is a typed parameter.
   */
  query<T = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  query<T = Row>(sql: string, params?: Params, options?: StreamOptions): Promise<T[]>;
  async query<T = Row>(sql: string | TemplateStringsArray, ...rest: unknown[]): Promise<T[]> {
    const compile = isTemplate(sql) ? (taggedSql.loaded ?? (await taggedSql())).compileTemplate : undefined;
    const [text, params, options] = statementOf(sql, rest, compile);
    return this.#sendSql<T>(this.#db, 'query', text, params, options, 'read');
  }

  /**
   * Runs an idempotent query; pages are fetched as the loop consumes them. Cut off between pages, it
   * carries on where its cursor survived (a bridge's parked connection), else fails with CursorLostError.
   */
  stream<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): ResultStream<T> {
    return this.#stream<T>(this.#db, 'query', sql, params, options, false, this.#streamObserver(sql, params));
  }

  /** Runs a non-idempotent SQL command (INSERT, UPDATE, CREATE ...) and returns its rows; never sent twice. Also a tag. */
  command<T = Row>(strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]>;
  command<T = Row>(sql: string, params?: Params, options?: StreamOptions): Promise<T[]>;
  async command<T = Row>(sql: string | TemplateStringsArray, ...rest: unknown[]): Promise<T[]> {
    const compile = isTemplate(sql) ? (taggedSql.loaded ?? (await taggedSql())).compileTemplate : undefined;
    const [text, params, options] = statementOf(sql, rest, compile);
    return this.#sendSql<T>(this.#db, 'command', text, params, options, 'write');
  }

  /** Runs an SQL script (statements separated by ';', e.g. BEGIN ... COMMIT; RETURN $a). */
  async batch<T = Row>(script: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    return this.#sendSql<T>(this.#db, 'script', script, params, options, 'write');
  }

  /**
   * Server-level SQL (SERVER_QUERY) on the connect() session: CREATE DATABASE ..., EXISTS DATABASE ...
   * OrientDB 3.2 or later: 3.0 and 3.1 do not know the request and drop the connection (OutcomeUnknownError);
   * dbCreate(), dbExists() and dbDrop() work on every version.
   */
  async serverQuery<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    return this.#sendSql<T>(await this.#server(), 'server', sql, params, options, 'write');
  }

  // ---- administration: databases on the server (server session), facts of the open database ----
  // (their operations and the server session load on first use, lazy-modules.ts; dbSize() is the
  // database session's own probe)

  dbCreate(
    name: string,
    type: DatabaseType = 'graph',
    storage: StorageType = 'plocal',
    options: CallOptions = {},
  ): Promise<void> {
    return this.#serverRequest((ops) => request(ops.DB_CREATE, { name, type, storage }), options);
  }
  dbExists(name: string, storage: StorageType = 'plocal', options: CallOptions = {}): Promise<boolean> {
    return this.#serverRequest((ops) => request(ops.DB_EXIST, { name, storageType: storage }), options);
  }
  /** Database names mapped to their server URLs. */
  dbList(options: CallOptions = {}): Promise<Record<string, string>> {
    return this.#serverRequest((ops) => request(ops.DB_LIST, undefined), options);
  }
  dbDrop(name: string, storage: StorageType = 'plocal', options: CallOptions = {}): Promise<void> {
    return this.#serverRequest((ops) => request(ops.DB_DROP, { name, storageType: storage }), options);
  }
  /** Flushes a database and holds its writes (they wait on the server) until dbRelease(), e.g. for a file-level backup. */
  dbFreeze(name: string, storage: StorageType = 'plocal', options: CallOptions = {}): Promise<void> {
    return this.#serverRequest((ops) => request(ops.DB_FREEZE, { name, storageType: storage }), options);
  }
  /** Lets the writes of a frozen database through again. */
  dbRelease(name: string, storage: StorageType = 'plocal', options: CallOptions = {}): Promise<void> {
    return this.#serverRequest((ops) => request(ops.DB_RELEASE, { name, storageType: storage }), options);
  }
  /** Size of the open database in bytes. */
  dbSize(options: CallOptions = {}): Promise<number | bigint> {
    return this.#db.request(request(DB_SIZE, undefined), this.#call(options));
  }
  /** Number of records in the open database. */
  async dbCountRecords(options: CallOptions = {}): Promise<number | bigint> {
    const { DB_COUNTRECORDS } = await adminOperations();
    return this.#db.request(request(DB_COUNTRECORDS, undefined), this.#call(options));
  }
  /** The open database's storage configuration (clusters, time zone, formats). */
  dbReload(options: CallOptions = {}): Promise<StorageConfiguration> {
    return this.#db.request(this.#db.zone.reloadRequest(), this.#call(options));
  }

  // ---- records, transactions, live queries (records.ts, transaction*.ts, live-query.ts: each loads on first use) --

  /** The record at `rid` ('#12:0' or a RecordId), or null when there is none. */
  async recordLoad(rid: Rid, options: RecordLoadOptions & CallOptions = {}): Promise<RecordRow | null> {
    const { recordLoadRequest } = await recordCalls();
    return await this.#db.request(recordLoadRequest(rid, options), this.#call(options));
  }
  /** Stores a new document in a class (or cluster id); answers it with its '@rid' and '@version'. */
  async recordCreate(
    classNameOrClusterId: string | number,
    fields: Record<string, unknown>,
    options: CallOptions = {},
  ): Promise<RecordRow> {
    const { recordCreateRequest } = await recordCalls();
    return await this.#db.request(recordCreateRequest(classNameOrClusterId, fields), this.#call(options));
  }
  /** Replaces a record's fields; a stale `version` fails with ConcurrentModificationError. */
  async recordUpdate(
    rid: Rid,
    fields: Record<string, unknown>,
    options: RecordWriteOptions & CallOptions = {},
  ): Promise<RecordRow> {
    const { recordUpdateRequest } = await recordCalls();
    return await this.#db.request(recordUpdateRequest(rid, fields, options), this.#call(options));
  }
  /** Deletes a record; false when there was none. A stale `version` fails with ConcurrentModificationError. */
  async recordDelete(rid: Rid, options: RecordWriteOptions & CallOptions = {}): Promise<boolean> {
    const { recordDeleteRequest } = await recordCalls();
    return await this.#db.request(recordDeleteRequest(rid, options), this.#call(options));
  }
  /** Runs `fn` in a server-side transaction: committed when it returns, rolled back when it throws. */
  async transaction<T>(fn: (tx: Transaction) => Promise<T> | T, options: CallOptions = {}): Promise<T> {
    const call = this.#call(options);
    const [{ runTransaction }, conn] = await Promise.all([transactions(), this.#db.conn(call)]);
    try {
      return await runTransaction(conn, fn, call);
    } catch (error) {
      throw this.#db.translate(error);
    }
  }
  /**
   * A batch transaction: attach creates, updates and deletes, then commit() sends them in one request.
   * A promise because its code (the record encoder with it) loads on first use.
   */
  async tx(): Promise<BatchTransaction> {
    const { BatchTransaction, commitBatch } = await transactions();
    return new BatchTransaction(
      async (operations, o) => commitBatch(await this.#db.conn(this.#call(o)), operations, o),
      () => this.#db.zone.dates.zone ?? DateZone.NOT_LEARNED,
    );
  }
  /** Subscribes a live query on the database session; iterate its events, then unsubscribe(). */
  async live<T = Row>(sql: string, params: Params = {}, options: CallOptions = {}): Promise<LiveQuery<T>> {
    const call = this.#call(options);
    const [{ subscribeLive, LiveResume }, conn] = await Promise.all([liveQueries(), this.#db.conn(call)]);
    try {
      return await subscribeLive<T>(conn, sql, params, call, this.#db.liveResume(LiveResume).keep);
    } catch (error) {
      throw this.#db.translate(error);
    }
  }

  /**
   * Closes the connections. The sessions stay valid on the server until their tokens expire, so a
   * token from getSessionToken() can still reattach; `logout: true` forgets them here and in the store.
   */
  async close(options: { logout?: boolean } = {}): Promise<void> {
    this.#closed = true;
    this.#db.close(options);
    this.#serverSlot.close(options);
    this.#events.emit('closed', { endpoint: this.#transport.endpoint, logout: options.logout === true });
  }

  // ---- internals -----------------------------------------------------------------------------

  /**
   * One SQL call on `session`, sent again where its replay class allows (Session.send). The code of the
   * parameters and of the 'query' event comes first when it must load (within the call's limits), so
   * that send() sees the session's state as the request goes out.
   */
  async #sendSql<T>(
    session: Session,
    kind: QueryKind,
    sql: string,
    params: Params,
    options: StreamOptions,
    replay: ReplayClass,
  ): Promise<T[]> {
    const call = this.#call(options);
    const ready = parametersReady(sql, params, call);
    if (ready) await ready;
    if (this.#events.has('query') && !queryObservers.loaded) await queryObservers(call);
    return session.send(() => this.#sql<T>(session, kind, sql, params, options), replay);
  }

  /**
   * Every row of one SQL call, reported as a 'query' event when someone listens: then the call waits
   * for the event's code if it is still loading (lazy-modules.ts), so that no listener misses it.
   */
  async #sql<T>(session: Session, kind: QueryKind, sql: string, params: Params, options: StreamOptions): Promise<T[]> {
    const run = (meter: Metering) =>
      this.#stream<T>(meter(session), kind, sql, params, options, kind !== 'server').toArray();
    if (!this.#events.has('query')) return run((unmetered) => unmetered);
    const { observedQuery, queryCall } = queryObservers.loaded ?? (await queryObservers());
    const call = queryCall(kind, sql, params);
    return observedQuery<T>(this.#events, this.#transport.endpoint, this.#queryEventParams, call, run);
  }

  /** A stream's observer for the 'query' event: none when nobody listens, a promise while its code loads. */
  #streamObserver(sql: string, params: Params): StreamObserver | Promise<StreamObserver | undefined> | undefined {
    if (!this.#events.has('query')) return undefined;
    const observe = ({ streamObserver, queryCall }: typeof import('./query-observer.js')) =>
      streamObserver(this.#events, this.#transport.endpoint, this.#queryEventParams, queryCall('query', sql, params));
    const loaded = queryObservers.loaded;
    return loaded ? observe(loaded) : queryObservers().then(observe);
  }

  #stream<T>(
    session: Session,
    kind: QueryKind,
    sql: string,
    params: Params,
    options: StreamOptions,
    early = false,
    observer?: StreamObserver | Promise<StreamObserver | undefined>,
  ): ResultStream<T> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const call = this.#call(options);
    return new ResultStream<T>(
      session,
      queryRequest<T>(kind, sql, params, pageSize, this.#transport.endpoint, call),
      pageSize,
      call,
      early,
      observer,
    );
  }

  /** The server session, its code loaded on first use (its slot is there from the start). */
  async #server(): Promise<ServerSession> {
    const { ServerSession } = await serverSessions();
    this.#serverSession ??= new ServerSession(this.#serverSlot, () => this.#closed);
    return this.#serverSession;
  }

  /** One administration request on the server session; its operation and the session load side by side. */
  async #serverRequest<T>(
    build: (operations: typeof import('../codec/operations/admin.js')) => Request<T>,
    options: CallOptions,
  ): Promise<T> {
    const [operations, server] = await Promise.all([adminOperations(), this.#server()]);
    return server.request(build(operations), this.#call(options));
  }

  #call(options: CallOptions): CallOptions {
    const timeoutMs = options.timeoutMs ?? this.#timeoutMs;
    return { signal: options.signal, timeoutMs: Math.max(timeoutMs, 0) };
  }

  /** dbOpen(), connect() and setSessionToken() reopen a closed client. */
  #open(): void {
    this.#closed = false;
  }

  #storeKey(kind: SessionKind): string {
    return `${this.#keyPrefix}${this.#transport.endpoint}:${kind}`;
  }

  #persist(kind: SessionKind, handle: SessionHandle | null): void {
    if (kind === 'database') {
      const keeper = this.#db.keeper;
      void (handle && this.#tokensEnabled ? keeper.changed(handle) : keeper.ended()).catch(() => undefined);
      return;
    }
    const store = this.#store;
    if (!store) return;
    const key = this.#storeKey(kind);
    const done = handle && this.#tokensEnabled ? store.set(key, encodeSessionHandle(handle)) : store.remove(key);
    if (done instanceof Promise) done.catch(() => undefined);
  }
}
