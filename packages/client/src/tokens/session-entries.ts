// The stored sessions of one client: read, write and remove entries in any TokenStore, with a small
// per-endpoint index so that a page that knows only the URL can find its session.
import type { TokenStore } from './token-store.js';
import {
  indexKey,
  newerSession,
  parseSession,
  serializeSession,
  sessionKey,
  type StoredSession,
} from './stored-session.js';

interface IndexEntry {
  database: string;
  user: string;
}

export class StoredSessions {
  readonly store: TokenStore;
  readonly prefix: string;

  constructor(store: TokenStore, prefix: string) {
    this.store = store;
    this.prefix = prefix;
  }

  keyOf(s: Pick<StoredSession, 'endpoint' | 'database' | 'user'>): string {
    return sessionKey(this.prefix, s.endpoint, s.database, s.user);
  }

  /**
   * The stored session for this endpoint: the one for (database, user) when given, else the most
   * recently stored one matching whichever of them is given. Malformed entries are ignored.
   */
  async find(endpoint: string, filter: { database?: string; user?: string } = {}): Promise<StoredSession | null> {
    if (filter.database !== undefined && filter.user !== undefined) {
      return parseSession(await this.store.get(sessionKey(this.prefix, endpoint, filter.database, filter.user)));
    }
    for (const e of await this.#index(endpoint)) {
      if (filter.database !== undefined && e.database !== filter.database) continue;
      if (filter.user !== undefined && e.user !== filter.user) continue;
      const s = parseSession(await this.store.get(sessionKey(this.prefix, endpoint, e.database, e.user)));
      if (s) return s;
    }
    return null;
  }

  /** Writes the entry unless the store already holds a newer one for the key (see newerSession); returns the winner. */
  async save(s: StoredSession): Promise<StoredSession> {
    const key = this.keyOf(s);
    const current = parseSession(await this.store.get(key));
    const winner = newerSession(current, s)!;
    if (winner === s) await this.store.set(key, serializeSession(s));
    await this.#touchIndex(s.endpoint, { database: s.database, user: s.user }, true);
    return winner;
  }

  async remove(s: Pick<StoredSession, 'endpoint' | 'database' | 'user'>): Promise<void> {
    await this.store.remove(this.keyOf(s));
    await this.#touchIndex(s.endpoint, { database: s.database, user: s.user }, false);
  }

  async #index(endpoint: string): Promise<IndexEntry[]> {
    const text = await this.store.get(indexKey(this.prefix, endpoint));
    if (!text) return [];
    try {
      const list: unknown = JSON.parse(text);
      if (!Array.isArray(list)) return [];
      return list.filter((e): e is IndexEntry => typeof e?.database === 'string' && typeof e?.user === 'string');
    } catch {
      return [];
    }
  }

  async #touchIndex(endpoint: string, entry: IndexEntry, present: boolean): Promise<void> {
    const list = (await this.#index(endpoint)).filter((e) => e.database !== entry.database || e.user !== entry.user);
    if (present) list.unshift(entry);
    const key = indexKey(this.prefix, endpoint);
    if (list.length) await this.store.set(key, JSON.stringify(list));
    else await this.store.remove(key);
  }
}
