// OrientDB's REST API from a page in Debian's Chromium: fetch() with the session cookie of /connect,
// cross-origin (the bench starts the server with CORS headers for the page server's origin). Point
// queries and the big query run inside the page; the login and reattach cases are page loads (reattach: the cookie kept
// by the browser, no /connect).
import type { Page } from 'playwright-core';
import { launchChromium, type BrowserSession } from '../../e2e/support/browser.js';
import type { Credentials } from '../lib/cold-user.js';
import { load, type PageResult } from './ours-chromium.js';
import type { BenchContext, BenchSession, Contestant, FirstRowKind } from './types.js';

export function restChromiumContestant(ctx: BenchContext): Contestant {
  const { pageOrigin } = ctx;
  if (!pageOrigin) throw new Error('rest-chromium needs the page server');
  const { db } = ctx.data;
  const rest = `http://${ctx.host}:${ctx.httpPort}`;
  let browser: BrowserSession | undefined;
  let page: Page | undefined;
  const pageUrl = (q: Record<string, string>) =>
    `${pageOrigin}/rest.html?${new URLSearchParams({ rest, db: db.name, sql: ctx.data.sql.firstRow, ...q })}`;
  const getPage = async () => {
    browser ??= await launchChromium();
    page ??= await browser.context.newPage();
    return page;
  };
  return {
    id: 'rest-chromium',
    label: "OrientDB's REST API in Chromium (fetch, session cookie, CORS)",
    workloads: ['a', 'c', 'e'],
    notes: { reattach: 'a page load whose fetch() sends the session cookie the browser kept from /connect' },
    async open(): Promise<BenchSession> {
      const p = await getPage();
      await load(p, pageUrl({}));
      await p.evaluate(
        ([name, user, password]) =>
          (window as unknown as { bench: { open(...a: string[]): Promise<void> } }).bench.open(name!, user!, password!),
        [db.name, db.user, db.password],
      );
      const unsupported = () => Promise.reject(new Error('rest-chromium runs only workloads a, c and e'));
      return {
        point: unsupported,
        small: unsupported,
        big: () =>
          p.evaluate(
            (sql) => (window as unknown as { bench: { big(s: string): Promise<number> } }).bench.big(sql),
            ctx.data.sql.big,
          ),
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
        close: async () => undefined,
      };
    },
    async firstRow(kind: FirstRowKind, as: Credentials = db): Promise<number> {
      const p = await getPage();
      const creds = { user: as.user, password: as.password };
      let result: PageResult;
      if (kind === 'login') {
        await p.context().clearCookies();
        result = await load(p, pageUrl({ mode: 'login', ...creds }));
      } else {
        await load(p, pageUrl({ mode: 'setup', ...creds }));
        result = await load(p, pageUrl({ mode: 'reattach' }));
      }
      if (result.rows !== 1) throw new Error(`rest-chromium ${kind}: expected 1 row, got ${result.rows}`);
      return result.ms!;
    },
    async dispose() {
      await browser?.close();
      browser = undefined;
      page = undefined;
    },
  };
}
