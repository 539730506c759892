// Admission limits kept in memory: open connections per client IP and a per-IP upgrade token bucket.
export class PerIpCounter {
  readonly #counts = new Map<string, number>();

  get(ip: string): number {
    return this.#counts.get(ip) ?? 0;
  }

  add(ip: string): void {
    this.#counts.set(ip, this.get(ip) + 1);
  }

  remove(ip: string): void {
    const n = this.get(ip) - 1;
    if (n > 0) this.#counts.set(ip, n);
    else this.#counts.delete(ip);
  }
}

/** A token bucket per key: `ratePerSecond` tokens a second, burst of the same size; 0 = unlimited. */
export class RateLimiter {
  readonly #rate: number;
  readonly #buckets = new Map<string, { tokens: number; at: number }>();
  readonly #now: () => number;

  constructor(ratePerSecond: number, now: () => number = () => performance.now()) {
    this.#rate = ratePerSecond;
    this.#now = now;
  }

  take(key: string): boolean {
    if (this.#rate === 0) return true;
    const now = this.#now();
    const b = this.#buckets.get(key) ?? { tokens: this.#rate, at: now };
    b.tokens = Math.min(this.#rate, b.tokens + ((now - b.at) / 1000) * this.#rate);
    b.at = now;
    this.#buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Forgets buckets that have refilled, so the map stays bounded by recent clients. */
  sweep(): void {
    const now = this.#now();
    for (const [key, b] of this.#buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.#rate >= this.#rate) this.#buckets.delete(key);
    }
  }
}
