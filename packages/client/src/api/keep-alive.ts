// Keep-alive: while a page is open, send one cheap request just after the server starts renewing the
// token (less than half its lifetime left), so that the token never lapses. Timers are injectable.

export interface KeepAliveOptions {
  /** Random spread added to each wake-up so that tabs of one origin rarely ping together (default 5000 ms). */
  jitterMs?: number;
  /** Never wake later than this before expiry (default 15 000 ms). */
  safetyMs?: number;
  /** Shortest delay between two wake-ups, so a ping that renews nothing cannot spin (default 1000 ms). */
  minDelayMs?: number;
  random?: () => number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export interface TokenTimes {
  expiresAt: number;
  /** The lifetime the server grants; when unknown, the ping is placed at three quarters of what is left. */
  lifetimeMs?: number;
}

/** Milliseconds from `now` until the keep-alive should ping for a token with these times. */
export function keepAliveDelay(t: TokenTimes, now: number, o: Pick<KeepAliveOptions, 'jitterMs' | 'safetyMs' | 'minDelayMs'> = {}, random = Math.random): number {
  const jitter = (o.jitterMs ?? 5000) * random();
  const safety = o.safetyMs ?? 15_000;
  const left = t.expiresAt - now;
  const renewable = t.lifetimeMs !== undefined && t.lifetimeMs > 0
    ? t.expiresAt - t.lifetimeMs / 2 + 1000 + jitter
    : now + (left * 3) / 4;
  const latest = t.expiresAt - safety;
  return Math.max(o.minDelayMs ?? 1000, Math.min(renewable, latest) - now);
}

/** One timer for one session: schedule() after every token change, stop() on close. */
export class KeepAlive {
  readonly #ping: () => Promise<void>;
  readonly #o: KeepAliveOptions;
  #timer: unknown;
  #stopped = false;

  constructor(ping: () => Promise<void>, options: KeepAliveOptions = {}) {
    this.#ping = ping;
    this.#o = options;
  }

  /** (Re)arms the timer for this token; returns the delay chosen. */
  schedule(t: TokenTimes): number {
    this.#clear();
    if (this.#stopped) return -1;
    const now = (this.#o.now ?? Date.now)();
    const delay = keepAliveDelay(t, now, this.#o, this.#o.random);
    const set = this.#o.setTimer ?? ((fn: () => void, ms: number) => {
      const h = setTimeout(fn, ms) as unknown as { unref?: () => void };
      h.unref?.();
      return h;
    });
    this.#timer = set(() => { this.#timer = undefined; void this.#ping().catch(() => { /* the next request reports it */ }); }, delay);
    return delay;
  }

  /** Disarms the timer until the next schedule(). */
  cancel(): void {
    this.#clear();
  }

  stop(): void {
    this.#stopped = true;
    this.#clear();
  }

  #clear(): void {
    if (this.#timer === undefined) return;
    (this.#o.clearTimer ?? ((h: unknown) => clearTimeout(h as ReturnType<typeof setTimeout>)))(this.#timer);
    this.#timer = undefined;
  }
}
