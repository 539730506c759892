// Keep-alive: while a page is open, send one cheap request just after the server starts renewing the
// token (less than half its lifetime left), so that the token never lapses. Timers are injectable.
import type { ResolvedKeepAlive } from './options.js';

/**
 * Time, timers and chance as the timing code sees them: the runtime's by default. Unit tests pass
 * their own to a constructor; it is not an option of the OrientDB class.
 */
export interface Clock {
  now(): number;
  random(): number;
  setTimer(fn: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

const systemClock: Clock = {
  now: () => Date.now(),
  random: () => Math.random(),
  setTimer: (fn, ms) => {
    // A keep-alive alone should not hold a Node, Deno or Bun process open.
    const h = setTimeout(fn, ms) as unknown as { unref?: () => void };
    h.unref?.();
    return h;
  },
  clearTimer: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

export interface TokenTimes {
  expiresAt: number;
  /** The lifetime the server grants; when unknown, the ping is placed at three quarters of what is left. */
  lifetimeMs?: number;
}

/** Milliseconds from `now` until the keep-alive should ping for a token with these times. */
function keepAliveDelay(t: TokenTimes, now: number, o: ResolvedKeepAlive, random = Math.random): number {
  const jitter = o.jitterMs * random();
  const left = t.expiresAt - now;
  const renewable =
    t.lifetimeMs !== undefined && t.lifetimeMs > 0
      ? t.expiresAt - t.lifetimeMs / 2 + 1000 + jitter
      : now + (left * 3) / 4;
  const latest = t.expiresAt - o.safetyMs;
  return Math.max(o.minDelayMs, Math.min(renewable, latest) - now);
}

/** One timer for one session: schedule() after every token change, stop() on close. */
export class KeepAlive {
  readonly #ping: () => Promise<void>;
  readonly #o: ResolvedKeepAlive;
  readonly #clock: Clock;
  #timer: unknown;
  #stopped = false;

  constructor(ping: () => Promise<void>, options: ResolvedKeepAlive, clock: Clock = systemClock) {
    this.#ping = ping;
    this.#o = options;
    this.#clock = clock;
  }

  /** (Re)arms the timer for this token; returns the delay chosen. */
  schedule(t: TokenTimes): number {
    this.#clear();
    if (this.#stopped) return -1;
    const delay = keepAliveDelay(t, this.#clock.now(), this.#o, () => this.#clock.random());
    this.#timer = this.#clock.setTimer(() => {
      this.#timer = undefined;
      // Fired after the token's expiry, the timer was held up (a frozen or suspended tab): a ping can no
      // longer renew that token, only send it to be refused; the next call finds out what is left.
      if (this.#clock.now() >= t.expiresAt) return;
      void this.#ping().catch(() => {
        /* the next request reports it */
      });
    }, delay);
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
    this.#clock.clearTimer(this.#timer);
    this.#timer = undefined;
  }
}
