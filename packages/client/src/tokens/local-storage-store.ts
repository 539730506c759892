// The browser default: tokens in localStorage, shared by the origin's tabs and kept across reloads
// and restarts (Deno too, with --location). Readable by any script on the origin: see the README.
import { InvalidArgumentError } from '../errors.js';
import { MemoryTokenStore, type TokenStore } from './token-store.js';
import { globalStorage, WebStorageTokenStore, type StorageLike } from './web-storage-store.js';

export function localStorageTokenStore(storage: StorageLike | undefined = globalStorage('localStorage')): TokenStore {
  if (!storage)
    throw new InvalidArgumentError(
      'localStorage is not available here (Deno needs --location); use memoryTokenStore() or a custom store',
    );
  return new WebStorageTokenStore(storage);
}

/** True when this runtime has a working localStorage. */
function hasLocalStorage(): boolean {
  return globalStorage('localStorage') !== undefined;
}

/** Database sessions' default store: localStorage where it works, else memory (Node, Bun, Deno without --location). */
export function defaultTokenStore(): TokenStore {
  return hasLocalStorage() ? localStorageTokenStore() : new MemoryTokenStore();
}
