// A WebSocket upgrade that failed: what the runtime let us see of it (an HTTP status in Node's ws, Deno
// and Bun; nothing but 1006 in browsers), and when to try again. The error a user reads: upgrade-error.ts.

/** What one failed upgrade showed: `status` when the runtime reported it, `detail` the runtime's own words. */
export interface UpgradeFailure {
  status?: number;
  retryAfterMs?: number;
  /** The runtime could not even open TCP (connection refused, unknown host). */
  unreachable?: boolean;
  detail?: string;
}

// Node's ws: "Unexpected server response: 429"; Deno: "Invalid status code: 429"; Bun: "Expected 101 status code: 429".
const STATUS_IN_MESSAGE = /(?:server response|status code):? (\d{3})\b/i;
// Node's ws: "connect ECONNREFUSED ..."; Deno: "tcp connect error"; Bun: "Failed to connect".
const UNREACHABLE_IN_MESSAGE =
  /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|EAI_AGAIN|tcp connect error|Failed to connect/i;

/** Reads a runtime's error-event text into what it tells about the failure. */
export function failureFromMessage(message: string | undefined): UpgradeFailure {
  if (!message) return {};
  const status = STATUS_IN_MESSAGE.exec(message)?.[1];
  if (status) return { status: Number(status), detail: message };
  if (UNREACHABLE_IN_MESSAGE.test(message)) return { unreachable: true, detail: message };
  return { detail: message };
}

/** Retry-After in seconds (the bridge's form) or as an HTTP date, in ms; undefined when absent or unreadable. */
export function retryAfterMs(header: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Delay before retry `attempt` (0-based): the bridge's Retry-After when it gave one, else capped backoff; jittered either way. */
export function upgradeRetryDelay(attempt: number, failure: UpgradeFailure, random = Math.random): number {
  const cap = Math.min(2000, 200 * 2 ** attempt);
  const backoff = cap / 2 + (cap / 2) * random();
  // A burst refused together comes back spread over half a second, not all at the Retry-After instant.
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs + 500 * random();
  return Math.round(backoff);
}
