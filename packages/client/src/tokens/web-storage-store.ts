// A TokenStore over a Web Storage area (localStorage or sessionStorage). Storage that throws (quota,
// private mode, a sandboxed frame) degrades to "nothing stored" instead of failing the client.
import type { TokenStore } from './token-store.js';

/** The part of the Web Storage interface the store uses. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export class WebStorageTokenStore implements TokenStore {
  readonly #storage: StorageLike;
  constructor(storage: StorageLike) {
    this.#storage = storage;
  }
  get(key: string): string | null {
    try {
      return this.#storage.getItem(key);
    } catch {
      return null;
    }
  }
  set(key: string, value: string): void {
    try {
      this.#storage.setItem(key, value);
    } catch {
      /* quota or disabled storage: the session is simply not kept */
    }
  }
  remove(key: string): void {
    try {
      this.#storage.removeItem(key);
    } catch {
      /* disabled storage */
    }
  }
}

/** globalThis[name] when it is a usable Storage (reading it can throw in sandboxed frames). */
export function globalStorage(name: 'localStorage' | 'sessionStorage'): StorageLike | undefined {
  try {
    const s = (globalThis as Record<string, unknown>)[name] as StorageLike | undefined;
    if (!s || typeof s.getItem !== 'function') return undefined;
    const probe = '__orientdb-edge-probe__';
    s.setItem(probe, '1');
    s.removeItem(probe);
    return s;
  } catch {
    return undefined;
  }
}
