// Chromium whose pages a test can hide and freeze. Playwright turns focus emulation on for every page it
// opens (a page under focus emulation counts as visible, and Chromium never freezes a visible page: the
// freeze command is then silently ignored), so this Chromium is started here and attached over CDP with
// `noDefaults`, which leaves focus emulation off. Each page opens in a window of its own; hiding it is
// minimizing that window, then Page.setWebLifecycleState freezes it as Chromium freezes background tabs.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CDPSession, chromium, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../browser.js';

export interface SuspendablePage {
  page: Page;
  suspend(): Promise<void>;
  resume(): Promise<void>;
}

export interface SuspendableChromium {
  newPage(): Promise<SuspendablePage>;
  close(): Promise<void>;
}

export async function launchSuspendableChromium(): Promise<SuspendableChromium> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(`${CHROMIUM_PATH} is missing: run scripts/bootstrap.sh (apt-get install chromium)`);
  const profile = mkdtempSync(join(tmpdir(), 'orientdb-edge-chromium-'));
  const child = spawn(
    CHROMIUM_PATH,
    ['--headless', ...CHROMIUM_FLAGS, '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  /** Waits for the exit a Browser.close asked for; SIGTERM when there was none or it takes over 10 s. */
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    // Its helper processes may still be writing into the profile for a moment after the browser exits.
    rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
  };
  try {
    const browser = await chromium.connectOverCDP(await devtoolsEndpoint(child), { noDefaults: true });
    const context = browser.contexts()[0]!;
    const control = await browser.newBrowserCDPSession();
    const targetOf = async (page: Page) => {
      const session = await context.newCDPSession(page);
      const { targetInfo } = await session.send('Target.getTargetInfo');
      return { session, targetId: targetInfo.targetId };
    };
    // Pages announce themselves by event; each is matched to the window target this file asked for.
    const arrived = new Map<string, { page: Page; session: CDPSession }>();
    const waiting = new Map<string, (p: { page: Page; session: CDPSession }) => void>();
    context.on('page', (page) => {
      void targetOf(page).then(({ session, targetId }) => {
        const waiter = waiting.get(targetId);
        if (waiter) waiter({ page, session });
        else arrived.set(targetId, { page, session });
      });
    });
    return {
      async newPage() {
        const { targetId } = await control.send('Target.createTarget', { url: 'about:blank', newWindow: true });
        const { page, session } =
          arrived.get(targetId) ??
          (await new Promise<{ page: Page; session: CDPSession }>((resolve) => waiting.set(targetId, resolve)));
        arrived.delete(targetId);
        waiting.delete(targetId);
        const { windowId } = await session.send('Browser.getWindowForTarget');
        const visibility = (state: 'hidden' | 'visible') =>
          page.waitForFunction(`document.visibilityState === '${state}'`, undefined, { polling: 50, timeout: 10_000 });
        return {
          page,
          async suspend() {
            await session.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'minimized' } });
            await visibility('hidden');
            await session.send('Page.setWebLifecycleState', { state: 'frozen' });
          },
          async resume() {
            await session.send('Page.setWebLifecycleState', { state: 'active' });
            await session.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
            await visibility('visible');
          },
        };
      },
      async close() {
        await control.send('Browser.close').catch(() => undefined);
        await stop();
      },
    };
  } catch (error) {
    child.kill('SIGTERM');
    await stop();
    throw error;
  }
}

/** Chromium prints its DevTools endpoint on stderr once it listens. */
function devtoolsEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    let found = false;
    const timer = setTimeout(
      () => reject(new Error(`Chromium named no DevTools endpoint within 20 s: ${text}`)),
      20_000,
    );
    // Read stderr to the end (a full pipe would stall Chromium), keeping only what comes before the endpoint.
    child.stderr!.on('data', (d) => {
      if (found) return;
      text += String(d);
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(text);
      if (m) {
        found = true;
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Chromium exited (${code}) before listening: ${text}`));
    });
  });
}
