// The public OrientDB class: sessions (database and server), SQL queries, commands, scripts and
// streams, administration, and the session token a second client can reattach with. The database
// session's reattach and reconnect plumbing lives in database-session.ts.
import { ClientClosedError, TokenError } from '../errors.js';
import type { Connection } from '../session/connection.js';
import type { Request } from '../session/types.js';
import type { Transport } from '../transport/transport.js';
import type { TokenStore } from '../tokens/token-store.js';
import * as admin from './admin.js';
import { DEFAULT_PAGE_SIZE, resolveOptions, type CallOptions, type OrientDBOptions, type StreamOptions } from './options.js';
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
// issue 6 (sessions that survive a reload; logic in database-session.ts, session-keeper.ts, reattach.ts):
import { ConnectionLostError } from '../errors.js';
import { DatabaseSession } from './database-session.js';
import type { SessionState } from './session-keeper.js';

export class OrientDB {
  #transport: Transport;
  #timeoutMs: number;
  #store: TokenStore | null;
  #tokensEnabled = true;
  #database: SessionSlot;
  #server: SessionSlot;
  #closed = false;
  #db: DatabaseSession;

  constructor(options: OrientDBOptions) {
    // Every default is applied here, once (DEFAULTS in options.ts); the parts below take resolved values.
    const o = resolveOptions(options);
    this.#transport = o.transport;
    this.#timeoutMs = o.timeoutMs;
    this.#store = o.serverTokenStore;
    const config = {
      transport: this.#transport, upstream: o.upstream, protocolVersion: o.protocolVersion,
      changed: (kind: SessionKind, handle: SessionHandle | null) => this.#persist(kind, handle),
    };
    this.#database = new SessionSlot('database', config);
    this.#server = new SessionSlot('server', config);
    this.#db = new DatabaseSession({
      transport: this.#transport, options: o, slot: this.#database,
      call: (o) => this.#call(o), closed: () => this.#closed, ping: async () => { await this.dbSize(); },
    });
    const page = globalThis as { addEventListener?: (type: string, fn: () => void) => void; document?: unknown };
    if (typeof page.addEventListener === 'function' && page.document !== undefined) page.addEventListener('pagehide', () => this.park());
  }

  /**
   * Hands the idle bridge connection of the database session to the bridge to keep for the next load
   * (pages do this on pagehide); false when there is none or a request is in flight.
   */
  park(): boolean {
    return this.#db.park();
  }

  /** Called after every reattach (first use or after a dropped connection) with the session's state. */
  onReattach(listener: (state: SessionState) => void): () => void {
    return this.#db.onReattach(listener);
  }

  /** The database session's state (expiry, how it was obtained), or null when there is none yet. */
  get session(): SessionState | null { return this.#db.keeper.state; }

  /** The transport's endpoint (bridge URL or host:port). */
  get endpoint(): string { return this.#transport.endpoint; }

  /** The database of the current database session, if any. */
  get database(): string | undefined { return this.#database.handle?.database || undefined; }

  // ---- sessions ------------------------------------------------------------------------------

  /** Opens a database session (DB_OPEN) on a new connection. */
  async dbOpen(database: string, user: string, password: string, options: CallOptions = {}): Promise<void> {
    this.#open();
    await this.#db.login(database, user, password, this.#call(options));
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
    if (handle.kind === 'database') this.#db.attach(handle);
    else this.#server.attach(handle);
  }

  /** An opaque string for setSessionToken() (database session first, else server session); '' when none or disabled. */
  getSessionToken(): string {
    if (!this.#tokensEnabled) return '';
    const handle = this.#database.handle ?? this.#server.handle;
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

  /** Runs an idempotent query and returns every row. */
  async query<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    try {
      return await this.#db.early(() => this.#stream<T>('query', sql, params, options, true).toArray());
    } catch (error) {
      // A read cut off by a dropped connection is safe to send again once the session is back.
      if (!(error instanceof ConnectionLostError) || this.#closed || !this.#database.handle) throw error;
      await this.#db.reconnecting;
      return this.stream<T>(sql, params, options).toArray();
    }
  }

  /** Runs an idempotent query; pages are fetched as the loop consumes them. */
  stream<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): ResultStream<T> {
    return this.#stream<T>('query', sql, params, options);
  }

  /** Runs a non-idempotent SQL command (INSERT, UPDATE, CREATE ...) and returns its rows. */
  async command<T = Row>(sql: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    return this.#db.early(() => this.#stream<T>('command', sql, params, options, true).toArray());
  }

  /** Runs an SQL script (statements separated by ';', e.g. BEGIN ... COMMIT; RETURN $a). */
  async batch<T = Row>(script: string, params: Params = {}, options: StreamOptions = {}): Promise<T[]> {
    return this.#db.early(() => this.#stream<T>('script', script, params, options, true).toArray());
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
    const conn = await this.#db.conn(call);
    try {
      return await runTransaction(conn, fn, call);
    } catch (error) {
      throw this.#db.translate(error);
    }
  }
  /** A batch transaction: attach creates, updates and deletes, then commit() sends them in one request. */
  tx(): BatchTransaction {
    return new BatchTransaction((o) => this.#db.conn(this.#call(o)));
  }
  /** Subscribes a live query on the database session; iterate its events, then unsubscribe(). */
  async live<T = Row>(sql: string, params: Params = {}, options: CallOptions = {}): Promise<LiveQuery<T>> {
    const call = this.#call(options);
    const conn = await this.#db.conn(call);
    try {
      return await subscribeLive<T>(conn, sql, params, call, this.#db.lives.keep);
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
    return slot === this.#database ? this.#db.early(() => this.#send(slot, request, options)) : this.#send(slot, request, options);
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
    await this.#db.reconnecting;
    try {
      return await (await this.#conn(slot, call)).request(request, call);
    } catch (error) {
      throw this.#translate(slot, error);
    }
  }

  #conn(slot: SessionSlot, call: CallOptions, early = false): Promise<Connection> {
    if (slot === this.#database) return this.#db.conn(call, early);
    return this.#closed ? Promise.reject(new ClientClosedError()) : slot.conn(call);
  }

  #translate(slot: SessionSlot, error: unknown): unknown {
    if (slot === this.#database) return this.#db.translate(error);
    return error instanceof TokenError && slot.handle ? slot.expire(error) : error;
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
      void (handle && this.#tokensEnabled ? this.#db.keeper.changed(handle) : this.#db.keeper.ended()).catch(() => undefined);
      return;
    }
    const store = this.#store;
    if (!store) return;
    const key = this.#storeKey(kind);
    const done = handle && this.#tokensEnabled ? store.set(key, encodeSessionHandle(handle)) : store.remove(key);
    if (done instanceof Promise) done.catch(() => undefined);
  }
}
