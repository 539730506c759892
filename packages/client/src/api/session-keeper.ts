// The client's memory of its database session across page loads: writes every new or renewed token to
// the store at once, finds the stored session on first use, follows other tabs' renewals, and keeps
// the token alive while the page is open. Never sees a password.
import { decodeTokenPayload, tokenExpiresAt } from '../codec/token-payload.js';
import { decodeBase64Url, encodeBase64Url } from '../tokens/base64url.js';
import { watchStoredSession } from '../tokens/cross-tab.js';
import { StoredSessions } from '../tokens/session-entries.js';
import type { StoredSession } from '../tokens/stored-session.js';
import { KeepAlive, type Clock } from './keep-alive.js';
import type { ResolvedOptions } from './options.js';
import type { ReattachRoute } from './reattach.js';
import { type SessionHandle, withTokenDatabase } from './session-token.js';

/** What the keeper is made with: resolved options (resolveOptions), the database sessions' store among them. */
export type KeeperOptions = Pick<
  ResolvedOptions,
  'tokenStore' | 'tokenKeyPrefix' | 'db' | 'user' | 'keepAlive' | 'reattachMarginMs' | 'crossTab'
>;

/** What the page can show about its session. */
export interface SessionState {
  database: string;
  user: string;
  sessionId: number;
  /** Token expiry, ms since the epoch (0 when unreadable). */
  expiresAt: number;
  /** How this client got its session: a login, or one of the reattach routes. */
  via: 'login' | ReattachRoute;
  /** Renewed tokens received since (by this tab or adopted from another). */
  renewals: number;
  /** Times the session was reattached after its connection dropped. */
  reconnects: number;
}

export function handleToEntry(
  endpoint: string,
  user: string,
  handle: SessionHandle,
  now: number,
  lifetimeMs?: number,
  timeZone?: string,
): StoredSession {
  let protocolVersion = 0;
  let expiresAt = 0;
  try {
    const p = decodeTokenPayload(handle.token);
    protocolVersion = p.protocolVersion;
    expiresAt = p.expiresAt;
  } catch {
    /* an unreadable token is still stored; it just has no known expiry */
  }
  const entry: StoredSession = {
    endpoint,
    database: handle.database,
    user,
    sessionId: handle.sessionId,
    token: encodeBase64Url(handle.token),
    protocolVersion,
    expiresAt,
    storedAt: now,
  };
  if (lifetimeMs !== undefined && lifetimeMs > 0) entry.lifetimeMs = lifetimeMs;
  if (handle.resumeId) entry.resumeId = handle.resumeId;
  if (timeZone !== undefined) entry.timeZone = timeZone;
  return entry;
}

export function entryToHandle(entry: StoredSession): SessionHandle | null {
  const token = decodeBase64Url(entry.token);
  if (!token || token.length === 0) return null;
  return withTokenDatabase({
    kind: entry.database ? 'database' : 'server',
    sessionId: entry.sessionId,
    database: entry.database,
    resumeId: entry.resumeId ?? '',
    token,
  });
}

export interface KeeperHooks {
  /** Another tab stored a newer token for this session: use it from the next request on. */
  adopt(handle: SessionHandle): void;
  /** Another tab removed the session (logout or expiry). */
  forget(): void;
  /** Send one cheap request on the session (keep-alive). */
  ping(): Promise<void>;
  /** The database's time zone once the session knows it, written into the stored session. */
  timeZone?(): string | undefined;
}

export class SessionKeeper {
  readonly #sessions: StoredSessions | null;
  readonly #endpoint: string;
  readonly #options: KeeperOptions;
  readonly #hooks: KeeperHooks;
  readonly #keepAlive: KeepAlive | undefined;
  #entry: StoredSession | null = null;
  #state: SessionState | null = null;
  #unwatch: (() => void) | undefined;
  #lifetimeMs: number | undefined;

  /** `clock`: the keep-alive's timers (unit tests pass their own). */
  constructor(endpoint: string, options: KeeperOptions, hooks: KeeperHooks, clock?: Clock) {
    this.#endpoint = endpoint;
    this.#options = options;
    this.#hooks = hooks;
    this.#sessions = options.tokenStore ? new StoredSessions(options.tokenStore, options.tokenKeyPrefix) : null;
    this.#keepAlive = options.keepAlive ? new KeepAlive(() => this.#ping(), options.keepAlive, clock) : undefined;
  }

  get state(): SessionState | null {
    return this.#state ? { ...this.#state } : null;
  }
  get entry(): StoredSession | null {
    return this.#entry;
  }
  get reattachMarginMs(): number {
    return this.#options.reattachMarginMs;
  }

  /** The stored database session this client should reattach to, if any. */
  async find(): Promise<StoredSession | null> {
    if (!this.#sessions) return null;
    return this.#sessions.find(this.#endpoint, { database: this.#options.db, user: this.#options.user });
  }

  /** A session began (login or reattach): remember it and start keep-alive and cross-tab watching. */
  async began(handle: SessionHandle, user: string, via: SessionState['via'], reconnect = false): Promise<void> {
    const now = Date.now();
    const before = this.#state;
    const expiresAt = tokenExpiresAt(handle.token) ?? 0;
    if (via === 'login' && expiresAt > now) this.#lifetimeMs = expiresAt - now;
    else this.#lifetimeMs ??= this.#entry?.lifetimeMs;
    this.#state =
      reconnect && before
        ? { ...before, sessionId: handle.sessionId, expiresAt, via, reconnects: before.reconnects + 1 }
        : { database: handle.database, user, sessionId: handle.sessionId, expiresAt, via, renewals: 0, reconnects: 0 };
    await this.#write(handleToEntry(this.#endpoint, user, handle, now, this.#lifetimeMs, this.#hooks.timeZone?.()));
    this.#watch();
  }

  /** The token or resume id changed (renewal, new connection): store it at once. */
  async changed(handle: SessionHandle): Promise<void> {
    if (!this.#state) return;
    const e = this.#entry;
    if (
      e &&
      e.sessionId === handle.sessionId &&
      (e.resumeId ?? '') === handle.resumeId &&
      e.token === encodeBase64Url(handle.token)
    )
      return;
    const expiresAt = tokenExpiresAt(handle.token) ?? 0;
    if (expiresAt > this.#state.expiresAt) this.#state.renewals++;
    this.#state.expiresAt = expiresAt;
    this.#state.sessionId = handle.sessionId;
    await this.#write(this.#entryOf(handle));
  }

  /** The session learned its database's time zone (hooks.timeZone()): kept in the stored session, so a reload need not ask. */
  async learnedTimeZone(handle: SessionHandle | null): Promise<void> {
    const e = this.#entry;
    if (!this.#state || !handle || e?.sessionId !== handle.sessionId || e.timeZone === this.#hooks.timeZone?.()) return;
    await this.#write(this.#entryOf(handle));
  }

  #entryOf(handle: SessionHandle): StoredSession {
    return handleToEntry(
      this.#endpoint,
      this.#state!.user,
      handle,
      Date.now(),
      this.#lifetimeMs,
      this.#hooks.timeZone?.(),
    );
  }

  /** The session is over (logout or refused): remove it from the store. */
  async ended(entry: Pick<StoredSession, 'database' | 'user'> | null = this.#entry): Promise<void> {
    this.#keepAlive?.cancel();
    this.#unwatch?.();
    this.#unwatch = undefined;
    this.#state = null;
    const e = entry ?? this.#entry;
    this.#entry = null;
    if (e && this.#sessions)
      await this.#sessions.remove({ endpoint: this.#endpoint, database: e.database, user: e.user });
  }

  /** Remembers the entry a reattach starts from (so the lifetime survives a reload). */
  starting(entry: StoredSession): void {
    this.#entry = entry;
    this.#lifetimeMs = entry.lifetimeMs;
  }

  close(): void {
    this.#keepAlive?.cancel();
    this.#unwatch?.();
    this.#unwatch = undefined;
  }

  async #write(entry: StoredSession): Promise<void> {
    const winner = this.#sessions ? await this.#sessions.save(entry) : entry;
    if (winner !== entry && winner.sessionId === entry.sessionId && winner.token !== entry.token) {
      // Another tab already holds a newer token for this session: use that one instead.
      this.#adopt(winner);
      return;
    }
    this.#entry = entry;
    this.#arm();
  }

  #adopt(entry: StoredSession): void {
    const handle = entryToHandle(entry);
    if (!handle || !this.#state) return;
    this.#entry = entry;
    if (entry.expiresAt > this.#state.expiresAt) this.#state.renewals++;
    this.#state.expiresAt = entry.expiresAt;
    this.#state.sessionId = entry.sessionId;
    this.#hooks.adopt(handle);
    this.#arm();
  }

  #arm(): void {
    const e = this.#entry;
    if (!this.#keepAlive || !e || e.expiresAt <= 0) return;
    this.#keepAlive.schedule({ expiresAt: e.expiresAt, lifetimeMs: e.lifetimeMs });
  }

  async #ping(): Promise<void> {
    // Another tab may have renewed already: take its token instead of pinging.
    const stored =
      this.#sessions && this.#entry
        ? await this.#sessions.find(this.#endpoint, { database: this.#entry.database, user: this.#entry.user })
        : null;
    if (
      stored &&
      this.#entry &&
      stored.sessionId === this.#entry.sessionId &&
      stored.expiresAt > this.#entry.expiresAt
    ) {
      this.#adopt(stored);
      return;
    }
    await this.#hooks.ping();
    this.#arm();
  }

  #watch(): void {
    if (this.#unwatch || !this.#sessions || !this.#entry) return;
    const source = this.#options.crossTab;
    if (!source) return;
    this.#unwatch = watchStoredSession(source, this.#sessions.keyOf(this.#entry), () => this.#entry, {
      updated: (entry) => {
        if (this.#entry && entry.sessionId === this.#entry.sessionId) this.#adopt(entry);
      },
      removed: () => {
        this.#keepAlive?.cancel();
        this.#state = null;
        this.#entry = null;
        this.#hooks.forget();
      },
    });
  }
}
