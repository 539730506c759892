// The text of a failed WebSocket upgrade's error (upgrade-failure.ts), by what the runtime showed of it:
// the HTTP status where it shows one, else (a browser's bare 1006) the likely causes. Loaded when first
// needed: a page whose bridge lets it in never downloads it.
import type { UpgradeFailure } from './upgrade-failure.js';

/** The page's Origin, as the browser sends it; undefined outside a page. */
function pageOrigin(): string | undefined {
  const origin = (globalThis as { location?: { origin?: string } }).location?.origin;
  return origin && origin !== 'null' ? origin : undefined;
}

/** What happened, at which bridge, and what to check. */
export function upgradeMessage(endpoint: string, failure: UpgradeFailure, closeCode: number): string {
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
  return message;
}
