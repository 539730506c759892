// Debian's firefox-esr driven by puppeteer-core over WebDriver BiDi (no CDP in Firefox). puppeteer-core
// never downloads a browser; the executable is the Debian package's.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer from 'puppeteer-core';
import { type Engine, type EngineOptions, type EnginePage, jsonExpression } from './engine.js';

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
  });
  const version = await browser.version();
  return {
    name: 'firefox',
    version: version.replace(/^firefox\//i, 'Firefox ESR '),
    async newPage(): Promise<EnginePage> {
      const page = await browser.newPage();
      return {
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: async <T>(expression: string) =>
          JSON.parse((await page.evaluate(jsonExpression(expression))) as string) as T,
        close: () => page.close(),
      };
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
