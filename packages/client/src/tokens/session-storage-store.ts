// Tokens in sessionStorage: kept across reloads of one tab, gone when the tab closes, never shared
// with other tabs (so no cross-tab sync).
import { InvalidArgumentError } from '../errors.js';
import type { TokenStore } from './token-store.js';
import { globalStorage, WebStorageTokenStore, type StorageLike } from './web-storage-store.js';

export function sessionStorageTokenStore(
  storage: StorageLike | undefined = globalStorage('sessionStorage'),
): TokenStore {
  if (!storage)
    throw new InvalidArgumentError('sessionStorage is not available here; use memoryTokenStore() or a custom store');
  return new WebStorageTokenStore(storage);
}
