// The Chromium page the in-browser contestants drive (ours-chromium, rest-chromium): one lazily launched
// browser and page, whose console lines go into the error when a page gives no result; page loads that
// wait for window.result; and the page's window.bench calls (open, points) both pages implement.
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from '../../e2e/support/browser.js';

export interface PageResult {
  ms?: number;
  sinceNavigation?: number;
  rows?: number;
  via?: string | null;
  error?: string;
  ready?: boolean;
}

const consoleLines: string[] = [];

/** Loads a bench page and waits for its window.result (an error when it reports one or none in 15 s). */
export async function load(page: Page, url: string): Promise<PageResult> {
  await page.goto(url);
  try {
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, {
      timeout: 15_000,
    });
  } catch (error) {
    const out = await page.evaluate(() => document.getElementById('out')?.textContent ?? '').catch(() => '(page gone)');
    const mode = new URL(url).searchParams.get('mode') ?? 'bench';
    throw new Error(
      `page (mode ${mode}) gave no result in 15 s; it shows ${JSON.stringify(out)}; console: ${consoleLines.slice(-5).join(' | ') || '(nothing)'}`,
      { cause: error },
    );
  }
  const result = await page.evaluate(() => (window as unknown as { result: PageResult }).result);
  if (result.error) throw new Error(`page: ${result.error}`);
  return result;
}

/** One Chromium and one page, launched on first use and kept until close(). */
export function benchBrowser(): { page(): Promise<Page>; close(): Promise<void> } {
  let browser: BrowserSession | undefined;
  let page: Page | undefined;
  return {
    async page() {
      browser ??= await launchChromium();
      if (!page) {
        page = await browser.context.newPage();
        page.on('console', (m) => {
          consoleLines.push(`${m.type()}: ${m.text()}`.slice(0, 300));
          if (consoleLines.length > 50) consoleLines.shift();
        });
        page.on('pageerror', (e) => {
          consoleLines.push(`pageerror: ${e.message}`.slice(0, 300));
        });
      }
      return page;
    },
    async close() {
      await browser?.close();
      browser = undefined;
      page = undefined;
    },
  };
}

/** Loads the bench page at `url` and opens the database inside it (window.bench.open). */
export async function openInPage(
  page: Page,
  url: string,
  db: { name: string; user: string; password: string },
): Promise<void> {
  await load(page, url);
  await page.evaluate(
    ([name, user, password]) =>
      (window as unknown as { bench: { open(...a: string[]): Promise<void> } }).bench.open(name!, user!, password!),
    [db.name, db.user, db.password],
  );
}

/** The page's point-query loop over `keys` (window.bench.points): one time per query. */
export function pointsInPage(page: Page, sql: string, keys: readonly number[]): Promise<number[]> {
  return page.evaluate(
    ([s, k]) =>
      (window as unknown as { bench: { points(s: string, k: number[]): Promise<number[]> } }).bench.points(
        s as string,
        k as number[],
      ),
    [sql, [...keys]] as const,
  );
}
