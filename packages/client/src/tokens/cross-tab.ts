// Cross-tab sharing: another tab's write to localStorage arrives here as a `storage` event. A tab adopts
// an entry for its own key only when it is newer (see newerSession), so tabs converge on one token.
import { newerSession, parseSession, type StoredSession } from './stored-session.js';

/** The fields of a StorageEvent used here. */
export interface StorageEventLike {
  key: string | null;
  newValue: string | null;
  storageArea?: unknown;
}

export interface StorageEventSource {
  addEventListener(type: 'storage', listener: (event: StorageEventLike) => void): void;
  removeEventListener(type: 'storage', listener: (event: StorageEventLike) => void): void;
}

export interface CrossTabHandlers {
  /** Another tab stored a newer entry for the watched key (a renewal or a new login). */
  updated(entry: StoredSession): void;
  /** Another tab removed the entry (logout or expiry). */
  removed(): void;
}

/** The window, where one exists (browsers; Deno has no storage events between processes). */
export function defaultStorageEventSource(): StorageEventSource | undefined {
  const g = globalThis as { addEventListener?: unknown; removeEventListener?: unknown; document?: unknown };
  return typeof g.addEventListener === 'function' &&
    typeof g.removeEventListener === 'function' &&
    g.document !== undefined
    ? (g as unknown as StorageEventSource)
    : undefined;
}

/**
 * Watches `key` for changes made by other tabs; `current()` is this tab's entry, to compare against.
 * Returns a function that stops watching.
 */
export function watchStoredSession(
  source: StorageEventSource,
  key: string,
  current: () => StoredSession | null,
  handlers: CrossTabHandlers,
): () => void {
  const listener = (event: StorageEventLike) => {
    if (event.key === null) {
      handlers.removed();
      return;
    }
    if (event.key !== key) return;
    if (event.newValue === null) {
      handlers.removed();
      return;
    }
    const entry = parseSession(event.newValue);
    if (!entry) return;
    const mine = current();
    if (mine && newerSession(mine, entry) !== entry) return;
    // Only a new token or a new session matters; each tab has its own bridge resume id.
    if (mine && mine.token === entry.token && mine.sessionId === entry.sessionId) return;
    handlers.updated(entry);
  };
  source.addEventListener('storage', listener);
  return () => source.removeEventListener('storage', listener);
}
