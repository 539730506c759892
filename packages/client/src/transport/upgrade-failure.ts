// A WebSocket upgrade that failed: what the runtime let us see of it (an HTTP status in Node's ws, Deno
// and Bun; nothing but 1006 in browsers), the error a user reads, and whether trying again can help.
import { UpgradeRefusedError } from '../errors.js';

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

/** The page's Origin, as the browser sends it; undefined outside a page. */
function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && origin !== 'null' ? origin : undefined;
}

/** The error a user reads: what happened, at which bridge, and what to check. */
export function upgradeError(endpoint: string, failure: UpgradeFailure, closeCode: number): UpgradeRefusedError {
  const { status } = failure;
  const origin = pageOrigin();
  const at = `the bridge at ${endpoint}`;
  let message: string;
  if (failure.unreachable)
    message = `cannot reach ${at} (${failure.detail}): is the bridge running, and are the host and port of the URL right?`;
  else if (status === 403)
    message = origin
      ? `${at} refused the upgrade (403): this page's Origin ${origin} is not allowed; add it to the bridge's --allow-origin`
      : `${at} refused the upgrade (403): the Origin is not allowed; clients that send none (Node, Deno, Bun) need the bridge's --allow-missing-origin, pages their Origin in --allow-origin`;
  else if (status === 401)
    message = `${at} refused the upgrade (401): the access token is missing or wrong; check the client's accessToken (or ticket) against the bridge's --access-token`;
  else if (status === 429)
    message = `${at} refused the upgrade (429): too many upgrades or connections from this address, still refused at the connect deadline; check the bridge's --upgrade-rate-per-second and --max-connections-per-ip`;
  else if (status === 503)
    message = `${at} refused the upgrade (503): it is at capacity (--max-connections) or shutting down; try again later`;
  else if (status === 400)
    message = `${endpoint} refused the upgrade (400): a bridge answers 400 when the subprotocol orientdb-edge.v1 is missing; is this URL the bridge, and does the client match its version?`;
  else if (status !== undefined)
    message = `${endpoint} answered HTTP ${status} instead of a WebSocket upgrade: is this the bridge's URL (host, port and path)?`;
  else
    message =
      `the WebSocket to ${endpoint} could not be opened (${closeCode}; the browser does not say why). Likely causes: ` +
      'the bridge is not running or the URL is wrong; ' +
      `this page's Origin${origin ? ` (${origin})` : ''} is not in the bridge's --allow-origin (403); ` +
      'the access token is missing or wrong (401); too many upgrades from this address (429); ' +
      "or the URL is not a bridge. The bridge's log names the refusal";
  return new UpgradeRefusedError(message, failure);
}

/** Delay before retry `attempt` (0-based): the bridge's Retry-After when it gave one, else capped backoff; jittered either way. */
export function upgradeRetryDelay(attempt: number, failure: UpgradeFailure, random = Math.random): number {
  const cap = Math.min(2000, 200 * 2 ** attempt);
  const backoff = cap / 2 + (cap / 2) * random();
  // A burst refused together comes back spread over half a second, not all at the Retry-After instant.
  if (failure.retryAfterMs !== undefined) return failure.retryAfterMs + 500 * random();
  return Math.round(backoff);
}
