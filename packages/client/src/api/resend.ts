// The one decision on sending a failed call again, from its operation's replay class and how it failed.
// Writes are sent again only when they provably did not run; reads also after a dropped connection.
import type { ReplayClass } from '../codec/operations/operation.js';
import { ClientClosedError, ConnectionLostError, NotSentError, OutcomeUnknownError, TokenError } from '../errors.js';

/**
 * - `after-attach`: the call failed on a reattach route that turned out dead (refused before running
 *   with the route's probe, never sent, or its connection closed as the reattach moved on): send it
 *   again once the reattach settles, whatever its class.
 * - `after-reconnect`: a read cut off by a dropped connection: send it again once the session is back.
 * - `no`: the failure is the answer (a write in flight gets OutcomeUnknownError from its connection;
 *   a PolicyError is the bridge's standing answer to that request, so sending it again cannot help).
 */
export type ResendVerdict = 'after-attach' | 'after-reconnect' | 'no';

export function resendVerdict(error: unknown, replay: ReplayClass, attaching: boolean): ResendVerdict {
  if (
    attaching &&
    (error instanceof TokenError || error instanceof ClientClosedError || error instanceof NotSentError)
  ) {
    return 'after-attach';
  }
  if (error instanceof OutcomeUnknownError) return 'no';
  if (error instanceof ConnectionLostError && (replay === 'read' || replay === 'cursor')) return 'after-reconnect';
  return 'no';
}
