// After a dropped connection: when to try again (capped exponential backoff, each delay drawn from the
// upper half of its cap). Which in-flight requests may be sent again is resend.ts's rule.
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

/** Sleeps `ms`, or rejects with the signal's reason when aborted. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal!.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface ReconnectLoopOptions extends ResolvedReconnect {
  signal?: AbortSignal;
  /** An error that ends the loop at once (the session is gone, the client closed). */
  isFatal(error: unknown): boolean;
  /** Called before each wait: its delay, and the previous attempt's error (undefined before the first). */
  waiting?(delayMs: number, lastError: unknown): void;
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
    await sleep(delay, o.signal);
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
