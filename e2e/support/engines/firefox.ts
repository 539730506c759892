// Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi (no CDP in Firefox). puppeteer-core
// never downloads a browser; the executable is the Debian package's. BiDi has no command to freeze a
// page, but Gecko suspends a hidden page (its timers stop) when dom.suspend_inactive.enabled is set: a
// `suspendable` engine sets it and opens each page in a window of its own, hidden by minimizing it.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { type Engine, type EngineOptions, type EnginePage, jsonExpression, waitForValue } from './engine.js';

const FIREFOX_PATH = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

export async function firefoxEngine(options: EngineOptions = {}): Promise<Engine> {
  if (!existsSync(FIREFOX_PATH))
    throw new Error(`${FIREFOX_PATH} is missing: run scripts/bootstrap.sh (apt-get install firefox-esr)`);
  const profile = mkdtempSync(join(tmpdir(), 'orientdb-edge-firefox-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    protocol: 'webDriverBiDi',
    executablePath: FIREFOX_PATH,
    headless: true,
    userDataDir: profile,
    // Firefox takes its zone from TZ, as any process does.
    env: options.timeZone ? { ...process.env, TZ: options.timeZone } : undefined,
    extraPrefsFirefox: options.suspendable ? { 'dom.suspend_inactive.enabled': true } : {},
  });
  const version = await browser.version();
  return {
    name: 'firefox',
    version: version.replace(/^firefox\//i, 'Firefox ESR '),
    async newPage(): Promise<EnginePage> {
      // With suspension on, a tab behind another is suspended too: every page gets its own window.
      const page = await browser.newPage(options.suspendable ? { type: 'window' } : {});
      const windowState = async (windowState: 'minimized' | 'normal', visibility: string) => {
        if (!options.suspendable) throw new Error('launch the firefox engine with { suspendable: true }');
        await browser.setWindowBounds(await page.windowId(), { windowState });
        // Polled from outside: the page's own timers stop once it is hidden.
        await waitForValue(self, `document.visibilityState === '${visibility}'`, 10_000);
      };
      const self: EnginePage = {
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: async <T>(expression: string) =>
          JSON.parse((await page.evaluate(jsonExpression(expression))) as string) as T,
        suspend: () => windowState('minimized', 'hidden'),
        resume: () => windowState('normal', 'visible'),
        close: () => page.close(),
      };
      return self;
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
