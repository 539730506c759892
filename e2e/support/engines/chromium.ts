// Chromium behind the engine interface: the persistent-context launch of ../browser.ts, or, for pages a
// test hides and freezes, the Chromium of ./chromium-suspendable.ts.
import { execFileSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { CHROMIUM_PATH, launchChromium } from '../browser.js';
import { launchSuspendableChromium } from './chromium-suspendable.js';
import { type Engine, type EngineOptions, type EnginePage, jsonExpression } from './engine.js';

export async function chromiumEngine(options: EngineOptions = {}): Promise<Engine> {
  const engine = (newPage: () => Promise<EnginePage>, close: () => Promise<void>): Engine => ({
    name: 'chromium',
    version: versionOf(),
    newPage,
    close,
  });
  if (options.suspendable) {
    const browser = await launchSuspendableChromium();
    return engine(async () => {
      const { page, suspend, resume } = await browser.newPage();
      return { ...pageOf(page), suspend, resume };
    }, browser.close);
  }
  const browser = await launchChromium(options);
  const notSuspendable = () => Promise.reject(new Error('launch the chromium engine with { suspendable: true }'));
  return engine(
    async () => ({ ...pageOf(await browser.context.newPage()), suspend: notSuspendable, resume: notSuspendable }),
    () => browser.close(),
  );
}

function pageOf(page: Page): Omit<EnginePage, 'suspend' | 'resume'> {
  return {
    goto: async (url) => void (await page.goto(url)),
    reload: async () => void (await page.reload()),
    evaluate: async <T>(expression: string) => JSON.parse(await page.evaluate(jsonExpression(expression))) as T,
    close: () => page.close(),
  };
}

/** A persistent context has no Browser object to ask; the binary says its own version. */
function versionOf(): string {
  return execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' })
    .replace(/ built on .*/s, '')
    .trim();
}
