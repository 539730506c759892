// Our client in Debian's Chromium (playwright-core) through the bridge: point queries run inside the
// page, and the reattach case is a real page navigation (pagehide parks the connection at the bridge).
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from '../../e2e/support/browser.js';
import type { Credentials } from '../lib/cold-user.js';
import type { BenchContext, BenchSession, Contestant, FirstRowKind } from './types.js';

const consoleLines: string[] = [];

export interface PageResult {
  ms?: number;
  sinceNavigation?: number;
  rows?: number;
  via?: string | null;
  error?: string;
  ready?: boolean;
}

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

export function oursChromiumContestant(ctx: BenchContext): Contestant {
  const { bridgeUrl, pageOrigin } = ctx;
  if (!bridgeUrl || !pageOrigin) throw new Error('ours-chromium needs the bridge and the page server');
  const { db } = ctx.data;
  let browser: BrowserSession | undefined;
  let page: Page | undefined;
  const routes = new Map<string, number>();
  const sinceNavigation: Record<FirstRowKind, number[]> = { login: [], reattach: [] };
  const pageUrl = (q: Record<string, string>) =>
    `${pageOrigin}/index.html?${new URLSearchParams({ bridge: bridgeUrl, sql: ctx.data.sql.firstRow, ...q })}`;
  const getPage = async () => {
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
  };

  return {
    id: 'ours-chromium',
    label: 'ours in Chromium via bridge',
    workloads: ['a', 'e'],
    notes: {
      reattach:
        "page navigation: pagehide parks the WebSocket's TCP connection at the bridge, the next page resumes it",
    },
    get reattachRoutes() {
      return Object.fromEntries(routes);
    },
    get sinceNavigation() {
      return sinceNavigation;
    },
    async open(): Promise<BenchSession> {
      const p = await getPage();
      await load(p, pageUrl({}));
      await p.evaluate(
        ([name, user, password]) =>
          (window as unknown as { bench: { open(...a: string[]): Promise<void> } }).bench.open(name!, user!, password!),
        [db.name, db.user, db.password],
      );
      const unsupported = () => Promise.reject(new Error('ours-chromium runs only workloads a and e'));
      return {
        point: unsupported,
        small: unsupported,
        big: unsupported,
        createOne: unsupported,
        createTx: unsupported,
        pointLoop: (keys) =>
          p.evaluate(
            ([sql, k]) =>
              (window as unknown as { bench: { points(s: string, k: number[]): Promise<number[]> } }).bench.points(
                sql as string,
                k as number[],
              ),
            [ctx.data.sql.point, [...keys]] as const,
          ),
        close: () => p.evaluate(() => (window as unknown as { bench: { close(): Promise<void> } }).bench.close()),
      };
    },
    async firstRow(kind: FirstRowKind, as: Credentials = db): Promise<number> {
      const p = await getPage();
      const creds = { db: db.name, user: as.user, password: as.password };
      let result: PageResult;
      if (kind === 'login') {
        result = await load(p, pageUrl({ mode: 'login', ...creds }));
      } else {
        await load(p, pageUrl({ mode: 'setup', ...creds }));
        result = await load(p, pageUrl({ mode: 'reattach' }));
        const via = result.via ?? 'unknown';
        if (via === 'login') throw new Error('ours-chromium reattach logged in instead');
        routes.set(via, (routes.get(via) ?? 0) + 1);
      }
      if (result.rows !== 1) throw new Error(`ours-chromium ${kind}: expected 1 row, got ${result.rows}`);
      sinceNavigation[kind].push(result.sinceNavigation!);
      return result.ms!;
    },
    firstRowVariants: {
      /** A bare WebSocket hello/welcome from a fresh page: the floor under login and reattach. */
      async bareWelcome() {
        const result = await load(await getPage(), pageUrl({ mode: 'welcome' }));
        return result.ms!;
      },
    },
    async dispose() {
      await browser?.close();
      browser = undefined;
      page = undefined;
    },
  } as Contestant;
}
