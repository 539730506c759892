// What a page's lifecycle asks of a client, wired once per client when it runs in a page (a global
// with addEventListener and a document): before the page goes, the idle bridge connection is handed
// to the bridge to keep for the next load. Both events park: pagehide is the one every engine fires
// on every way out, but Firefox closes a leaving document's WebSockets (1001, going away) before
// pagehide runs, so there the connection is parked on beforeunload, which comes first. The second
// call finds nothing idle to park and does nothing.

interface PageLifecycleClient {
  /** Parks the idle connection; false when there is none. */
  park(): boolean;
}

interface PageGlobal {
  addEventListener?: (type: string, listener: () => void) => void;
  document?: unknown;
}

/** Listens to the page's lifecycle for `client`; does nothing outside a page (Node, Deno, workers). */
export function watchPageLifecycle(client: PageLifecycleClient, page: PageGlobal = globalThis as PageGlobal): void {
  if (typeof page.addEventListener !== 'function' || page.document === undefined) return;
  for (const leaving of ['beforeunload', 'pagehide']) page.addEventListener(leaving, () => client.park());
}
