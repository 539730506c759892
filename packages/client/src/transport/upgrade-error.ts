// The error of a failed WebSocket upgrade (upgrade-failure.ts reads what the runtime showed of it).
// Its text comes from upgrade-messages.ts, loaded when first needed: a page whose bridge lets it in
// never downloads it.
import { UpgradeRefusedError } from '../errors.js';
import { lazy } from '../lazy.js';
import type { UpgradeFailure } from './upgrade-failure.js';

const upgradeMessages = lazy(import.meta.url, './upgrade-messages.js', () => import('./upgrade-messages.js'));

/**
 * The error a user reads: what happened, at which bridge, and what to check. Its text is loaded when
 * first needed (upgrade-messages.ts: a page that connects never needs it); should that fail too (the
 * network is down), a short text that says so.
 */
export async function upgradeError(
  endpoint: string,
  failure: UpgradeFailure,
  closeCode: number,
): Promise<UpgradeRefusedError> {
  try {
    return new UpgradeRefusedError((await upgradeMessages()).upgradeMessage(endpoint, failure, closeCode), failure);
  } catch (error) {
    const status = failure.status === undefined ? '' : `, HTTP ${failure.status}`;
    return new UpgradeRefusedError(
      `the WebSocket to ${endpoint} could not be opened (${closeCode}${status}), and what that means could not be loaded either: ${(error as Error).message}`,
      failure,
      { cause: error },
    );
  }
}
