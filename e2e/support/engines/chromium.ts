// Chromium behind the engine interface: the persistent-context launch of ../browser.ts.
import { execFileSync } from 'node:child_process';
import { CHROMIUM_PATH, launchChromium } from '../browser.js';
import { type Engine, type EngineOptions, type EnginePage, jsonExpression } from './engine.js';

export async function chromiumEngine(options: EngineOptions = {}): Promise<Engine> {
  const browser = await launchChromium(options);
  return {
    name: 'chromium',
    version: versionOf(),
    async newPage(): Promise<EnginePage> {
      const page = await browser.context.newPage();
      return {
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        evaluate: async <T>(expression: string) => JSON.parse(await page.evaluate(jsonExpression(expression))) as T,
        close: () => page.close(),
      };
    },
    close: () => browser.close(),
  };
}

/** A persistent context has no Browser object to ask; the binary says its own version. */
function versionOf(): string {
  return execFileSync(CHROMIUM_PATH, ['--version'], { encoding: 'utf8' })
    .replace(/ built on .*/s, '')
    .trim();
}
