// After a dropped connection: when to try again (capped exponential backoff, each delay drawn from the
// upper half of its cap). Which in-flight requests may be sent again is resend.ts's rule.
import { holdTimer } from '../session/timers.js';
import type { ResolvedReconnect } from './options.js';

/** Delay before attempt `attempt` (0-based): uniform in [cap/2, cap], cap = min(max, initial * factor^attempt). */
function reconnectDelay(attempt: number, o: ResolvedReconnect, random = Math.random): number {
  const cap = Math.min(o.maxMs, o.initialMs * o.factor ** Math.max(0, attempt));
  return Math.round(cap / 2 + (cap / 2) * random());
}

/**
 * An iterator of delays, ending after maxAttempts.
 * @internal Exported for its unit test, which checks the whole schedule (about 21 s with the defaults)
 * without sleeping through it as reconnectLoop would.
 */
export function* reconnectDelays(o: ResolvedReconnect, random = Math.random): Generator<number> {
  for (let i = 0; i < o.maxAttempts; i++) yield reconnectDelay(i, o, random);
}

/**
 * Sleeps `ms`, or rejects with the signal's reason when aborted. When `hold()` says no, the wait alone
 * does not keep a Node, Deno or Bun process open: a program that is done exits during a background
 * reconnect. It is asked once the current task is over (a dropped connection's close listeners have
 * all run: the live queries that wait for the reconnect are known then).
 */
function sleep(ms: number, signal?: AbortSignal, hold?: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (hold) queueMicrotask(() => holdTimer(t, hold()));
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Whether the device has a network (a page's online/offline events); absent outside pages. */
export interface NetworkState {
  readonly online: boolean;
  /** Resolves at the next change to online. */
  nextOnline(): Promise<void>;
}

/**
 * The wait before an attempt: the backoff delay, cut short when the network comes back (there is no
 * point in waiting out a backoff grown while offline) or when a call asks for an attempt, and, while
 * offline, as long as that lasts: attempts are neither made nor counted then.
 */
async function waitBeforeAttempt(delayMs: number, o: ReconnectLoopOptions) {
  const { signal, network, kicked } = o;
  const hold = o.holdProcess;
  if (!network && !kicked) return sleep(delayMs, signal, hold);
  const wake = new AbortController();
  const both = signal ? AbortSignal.any([signal, wake.signal]) : wake.signal;
  const cutShort = [network?.nextOnline(), kicked?.()].filter((p) => p !== undefined);
  await Promise.race([sleep(delayMs, both, hold).catch(() => undefined), ...cutShort]);
  wake.abort();
  while (network && !network.online && !signal?.aborted) await Promise.race([network.nextOnline(), aborted(signal)]);
  if (signal?.aborted) throw signal.reason;
}

/** Settles when `signal` aborts (never without one). */
function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
}

export interface ReconnectLoopOptions extends ResolvedReconnect {
  signal?: AbortSignal;
  network?: NetworkState;
  /** An error that ends the loop at once (the session is gone, the client closed). */
  isFatal(error: unknown): boolean;
  /** Settles when an attempt is wanted at once (a call is waiting for it): the wait is cut short. */
  kicked?(): Promise<void>;
  /** Called before each wait: its delay, and the previous attempt's error (undefined before the first). */
  waiting?(delayMs: number, lastError: unknown): void;
  /**
   * Whether someone waits for the reconnect (a live query), so that its waits hold the process open;
   * without it they always do (whoever called reconnectLoop awaits it).
   */
  holdProcess?(): boolean;
}

/** Tries `attempt` after each backoff delay until it succeeds, a fatal error, or the attempts run out. */
export async function reconnectLoop<T>(
  attempt: () => Promise<T>,
  o: ReconnectLoopOptions,
  random = Math.random,
): Promise<T> {
  let last: unknown = new Error('no reconnect attempt was made');
  let failed: unknown;
  for (const delay of reconnectDelays(o, random)) {
    o.waiting?.(delay, failed);
    await waitBeforeAttempt(delay, o);
    try {
      return await attempt();
    } catch (error) {
      if (o.isFatal(error)) throw error;
      last = error;
      failed = error;
    }
  }
  throw last;
}
