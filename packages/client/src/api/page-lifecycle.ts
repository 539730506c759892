// What a page's lifecycle asks of a client, wired once per client when it runs in a page (a global
// with addEventListener and a document):
// - Leaving: the idle bridge connection is handed to the bridge to keep for the next load, its live
//   queries kept for the return. Both events park: pagehide is the one every engine fires on every way
//   out, but Firefox closes a leaving document's WebSockets (1001, going away) before pagehide runs, so
//   there the connection is parked on beforeunload, which comes first. The second call finds nothing
//   idle to park and does nothing.
// - Offline: the reconnect loop makes no attempts; online: it tries at once instead of waiting out its
//   backoff (pageNetwork, handed to the session's reconnect loop).
// - Back from the back/forward cache (pageshow with persisted): the session reattaches at once (the
//   parked connection, or the next route) so that its live queries come back without waiting for a call.

import type { NetworkState } from './reconnect.js';

interface PageLifecycleSession {
  /** Parks the idle connection; false when there is none. */
  park(): boolean;
  /** The page is back: reattach now if live queries wait for it. */
  returned(): void;
}

interface PageGlobal {
  addEventListener?: (type: string, listener: (event: { persisted?: boolean }) => void) => void;
  document?: unknown;
  navigator?: { onLine?: boolean };
}

const inPage = (page: PageGlobal) => typeof page.addEventListener === 'function' && page.document !== undefined;

/** The page's online/offline state from its events (navigator.onLine to start); undefined outside a page. */
export function pageNetwork(page: PageGlobal = globalThis as PageGlobal): NetworkState | undefined {
  if (!inPage(page)) return undefined;
  let online = page.navigator?.onLine !== false;
  let wake: (() => void) | undefined;
  let next: Promise<void> | undefined;
  page.addEventListener!('offline', () => {
    online = false;
  });
  page.addEventListener!('online', () => {
    online = true;
    wake?.();
    wake = undefined;
    next = undefined;
  });
  return {
    get online() {
      return online;
    },
    nextOnline() {
      next ??= new Promise<void>((resolve) => {
        wake = resolve;
      });
      return next;
    },
  };
}

/** Listens to the page's lifecycle for `session`; does nothing outside a page (Node, Deno, workers). */
export function watchPageLifecycle(session: PageLifecycleSession, page: PageGlobal = globalThis as PageGlobal): void {
  if (!inPage(page)) return;
  for (const leaving of ['beforeunload', 'pagehide']) page.addEventListener!(leaving, () => session.park());
  page.addEventListener!('pageshow', (event) => {
    if (event.persisted) session.returned();
  });
}
