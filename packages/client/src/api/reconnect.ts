// After a dropped connection: when to try again (exponential backoff with full jitter, capped), and
// which in-flight requests may be sent again (only those that cannot change data).

export interface ReconnectOptions {
  /** First delay cap (default 200 ms). */
  initialMs?: number;
  /** Largest delay (default 10 000 ms). */
  maxMs?: number;
  factor?: number;
  /** Give up after this many attempts (default Infinity). */
  maxAttempts?: number;
  random?: () => number;
}

/** Delay before attempt `attempt` (0-based): uniform in [cap/2, cap], cap = min(max, initial * factor^attempt). */
export function reconnectDelay(attempt: number, o: ReconnectOptions = {}, random = o.random ?? Math.random): number {
  const cap = Math.min(o.maxMs ?? 10_000, (o.initialMs ?? 200) * Math.pow(o.factor ?? 2, Math.max(0, attempt)));
  return Math.round(cap / 2 + (cap / 2) * random());
}

/** An iterator of delays, ending after maxAttempts. */
export function* reconnectDelays(o: ReconnectOptions = {}): Generator<number> {
  const max = o.maxAttempts ?? Infinity;
  for (let i = 0; i < max; i++) yield reconnectDelay(i, o);
}

/** What happens to a request that was in flight when the connection dropped. */
export type InFlightFate = 'replay' | 'outcome-unknown';

/**
 * Reads are replayed on the new connection; anything that may have written fails with
 * OutcomeUnknownError, since the server may or may not have run it.
 */
export function inFlightFate(request: { idempotent: boolean }): InFlightFate {
  return request.idempotent ? 'replay' : 'outcome-unknown';
}

/** Sleeps `ms`, or rejects with the signal's reason when aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(signal.reason); return; }
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = () => { clearTimeout(t); reject(signal!.reason); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface ReconnectLoopOptions extends ReconnectOptions {
  signal?: AbortSignal;
  /** An error that ends the loop at once (the session is gone, the client closed). */
  isFatal(error: unknown): boolean;
}

/**
 * Tries `attempt` after each backoff delay until it succeeds, a fatal error, or the attempts run out
 * (default 8 attempts, delays capped at 5 s: at most about 21 s in all).
 */
export async function reconnectLoop<T>(attempt: () => Promise<T>, o: ReconnectLoopOptions): Promise<T> {
  let last: unknown = new Error('no reconnect attempt was made');
  for (const delay of reconnectDelays({ maxAttempts: 8, maxMs: 5000, ...o })) {
    await sleep(delay, o.signal);
    try {
      return await attempt();
    } catch (error) {
      if (o.isFatal(error)) throw error;
      last = error;
    }
  }
  throw last;
}
