// Failed logins counted per client address and per user name in a fixed window: past either limit,
// logins from that address or as that user are refused until the window that counted them ends.
// One throttle per upstream; nothing about the password is ever seen here.

interface Window {
  startedAt: number;
  failures: number;
}

export interface ThrottleLimits {
  perAddress: number;
  perUser: number;
  windowMs: number;
}

/** Windows kept at most per map: beyond it the expired ones are dropped, and if none, the oldest. */
const MAX_KEYS = 100_000;

export class LoginThrottle {
  readonly #limits: ThrottleLimits;
  readonly #now: () => number;
  readonly #byAddress = new Map<string, Window>();
  readonly #byUser = new Map<string, Window>();

  constructor(limits: ThrottleLimits, now: () => number = Date.now) {
    this.#limits = limits;
    this.#now = now;
  }

  /** Undefined when a login from `address` as `user` may go upstream, else what blocks it. */
  blocked(address: string, user: string): 'address' | 'user' | undefined {
    const now = this.#now();
    if (this.#count(this.#byAddress, address, now) >= this.#limits.perAddress) return 'address';
    if (this.#count(this.#byUser, user, now) >= this.#limits.perUser) return 'user';
    return undefined;
  }

  /**
   * A login is going upstream. From an address or as a user that already failed in this window it is
   * counted as failed at once (true), so that logins in flight together cannot slip past the limit; a
   * success is then `forgive`n. A clean address's burst (a page opening many sessions) is not held back.
   */
  admit(address: string, user: string): boolean {
    const now = this.#now();
    if (this.#count(this.#byAddress, address, now) === 0 && this.#count(this.#byUser, user, now) === 0) return false;
    this.failed(address, user);
    return true;
  }

  failed(address: string, user: string): void {
    const now = this.#now();
    this.#add(this.#byAddress, address, now);
    this.#add(this.#byUser, user, now);
  }

  /** Takes back one `failed` of this address and user: the login succeeded. */
  forgive(address: string, user: string): void {
    for (const [map, key] of [
      [this.#byAddress, address],
      [this.#byUser, user],
    ] as const) {
      const w = map.get(key);
      if (w && w.failures > 0) w.failures--;
    }
  }

  #count(map: Map<string, Window>, key: string, now: number): number {
    const w = map.get(key);
    if (!w) return 0;
    if (now - w.startedAt >= this.#limits.windowMs) {
      map.delete(key);
      return 0;
    }
    return w.failures;
  }

  #add(map: Map<string, Window>, key: string, now: number): void {
    const w = map.get(key);
    if (w && now - w.startedAt < this.#limits.windowMs) {
      w.failures++;
      return;
    }
    map.delete(key);
    if (map.size >= MAX_KEYS) this.#prune(map, now);
    map.set(key, { startedAt: now, failures: 1 });
  }

  #prune(map: Map<string, Window>, now: number): void {
    for (const [key, w] of map) if (now - w.startedAt >= this.#limits.windowMs) map.delete(key);
    // Maps iterate in insertion order: the first key is the oldest window.
    if (map.size >= MAX_KEYS) map.delete(map.keys().next().value!);
  }
}
