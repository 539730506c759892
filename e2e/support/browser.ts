// Debian's Chromium driven by playwright-core: never a browser that a tool downloads.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags of every Chromium the tests start (no first-run, sync or background traffic; /dev/shm unused). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export interface BrowserSession {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * A persistent context (its own profile folder) so localStorage survives reloads and new pages;
 * `backForwardCache` keeps Chromium's back/forward cache on.
 */
export async function launchChromium(
  options: { backForwardCache?: boolean; timeZone?: string } = {},
): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`${CHROMIUM_PATH} is missing: run scripts/bootstrap.sh (apt-get install chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'orientdb-edge-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    // Playwright turns the back/forward cache off unless told not to; the lifecycle tests need it.
    ignoreDefaultArgs: options.backForwardCache ? ['--disable-back-forward-cache'] : undefined,
    timezoneId: options.timeZone,
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
