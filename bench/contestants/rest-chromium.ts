// OrientDB's REST API from a page in Debian's Chromium: fetch() with the session cookie of /connect,
// cross-origin (the bench starts the server with CORS headers for the page server's origin). Point
// queries and the big query run inside the page; the login and reattach cases are page loads (reattach: the cookie kept
// by the browser, no /connect).
import type { Credentials } from '../lib/cold-user.js';
import { benchBrowser, load, openInPage, type PageResult, pointsInPage } from './bench-page.js';
import type { BenchContext, BenchSession, Contestant, FirstRowKind } from './types.js';

export function restChromiumContestant(ctx: BenchContext): Contestant {
  const { pageOrigin } = ctx;
  if (!pageOrigin) throw new Error('rest-chromium needs the page server');
  const { db } = ctx.data;
  const rest = `http://${ctx.host}:${ctx.httpPort}`;
  const browser = benchBrowser();
  const pageUrl = (q: Record<string, string>) =>
    `${pageOrigin}/rest.html?${new URLSearchParams({ rest, db: db.name, sql: ctx.data.sql.firstRow, ...q })}`;
  const getPage = () => browser.page();
  return {
    id: 'rest-chromium',
    label: "OrientDB's REST API in Chromium (fetch, session cookie, CORS)",
    workloads: ['a', 'c', 'e'],
    notes: { reattach: 'a page load whose fetch() sends the session cookie the browser kept from /connect' },
    async open(): Promise<BenchSession> {
      const p = await getPage();
      await openInPage(p, pageUrl({}), db);
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
        pointLoop: (keys) => pointsInPage(p, ctx.data.sql.point, keys),
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
    dispose: () => browser.close(),
  };
}
