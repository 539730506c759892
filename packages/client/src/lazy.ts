// Parts of the client a page may never use (transactions, live queries, record calls...) are loaded on
// their first use with import(). In the browser bundle each of them is a file of its own beside it
// (orientdb-edge.browser.<module>.js, esbuild's code splitting), so a page that opens a session and
// queries downloads none of them. Layer-neutral like errors.ts: any layer loads its own modules this way.
import { AbortError, ChunkLoadError, TimeoutError } from './errors.js';

/** Set by the browser bundle's build: the prefix of the file each lazily loaded module becomes. */
declare const __ORIENTDB_EDGE_CHUNK_PREFIX__: string | undefined;

/** What a call allows a wait: its signal and its timeout (ms; 0: none). session/types.ts's RequestOptions. */
export interface CallLimits {
  signal?: AbortSignal;
  timeoutMs?: number;
}

export interface Lazy<M> {
  /**
   * The module, loaded on the first call; ChunkLoadError when it does not load (the next call tries
   * again). With `call`, the wait ends at the call's limits, as a fetch can stall: AbortError, or a
   * ChunkLoadError whose cause is a TimeoutError (the load itself goes on, for the next call).
   */
  (call?: CallLimits): Promise<M>;
  /** The module once it has loaded, else undefined: nothing of it can be in use yet. */
  readonly loaded: M | undefined;
  /** The load in progress, if one is. */
  readonly loading: Promise<M> | undefined;
}

/**
 * A loader of the module at `path` (relative to `base`, the caller's import.meta.url), which `load`
 * imports: `lazy(import.meta.url, './live-query.js', () => import('./live-query.js'))`. The path is
 * written twice because a bundler only follows an import() of a literal.
 */
export function lazy<M>(base: string | undefined, path: string, load: () => Promise<M>): Lazy<M> {
  let loading: Promise<M> | undefined;
  let loaded: M | undefined;
  const get = (call?: CallLimits) => {
    loading ??= load().then(
      (module) => {
        loaded = module;
        return module;
      },
      (cause: unknown) => {
        loading = undefined;
        throw new ChunkLoadError(fileUrl(base, path), { cause });
      },
    );
    return call && !loaded ? within(loading, call, () => fileUrl(base, path)) : loading;
  };
  return Object.defineProperties(get, {
    loaded: { get: () => loaded },
    loading: { get: () => (loaded ? undefined : loading) },
  }) as Lazy<M>;
}

/** `loading`, or the call's abort or timeout if that comes first. */
function within<M>(loading: Promise<M>, { signal, timeoutMs }: CallLimits, url: () => string): Promise<M> {
  return new Promise<M>((resolve, reject) => {
    const onAbort = () => reject(new AbortError(undefined, { cause: signal?.reason }));
    const timer =
      timeoutMs &&
      setTimeout(
        () => reject(new ChunkLoadError(url(), { cause: new TimeoutError(`not there after ${timeoutMs} ms`) })),
        timeoutMs,
      );
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    loading.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    });
  });
}

/** Where the module is: the bundle's file for it, or the module itself; as a URL where the runtime gives one. */
function fileUrl(base: string | undefined, path: string): string {
  const file =
    typeof __ORIENTDB_EDGE_CHUNK_PREFIX__ === 'string'
      ? `./${__ORIENTDB_EDGE_CHUNK_PREFIX__}${path.slice(path.lastIndexOf('/') + 1)}`
      : path;
  try {
    return new URL(file, base).href;
  } catch {
    return file;
  }
}
