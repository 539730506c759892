// Where session tokens are kept between calls and page loads: the TokenStore interface and a
// process-local memory store. Browser stores (localStorage/sessionStorage) plug in here.

export interface TokenStore {
  get(key: string): string | null | Promise<string | null>;
  set(key: string, value: string): void | Promise<void>;
  remove(key: string): void | Promise<void>;
}

export class MemoryTokenStore implements TokenStore {
  #entries = new Map<string, string>();
  get(key: string): string | null {
    return this.#entries.get(key) ?? null;
  }
  set(key: string, value: string): void {
    this.#entries.set(key, value);
  }
  remove(key: string): void {
    this.#entries.delete(key);
  }
}

export function memoryTokenStore(): TokenStore {
  return new MemoryTokenStore();
}
