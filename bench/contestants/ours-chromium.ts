// Our client in Debian's Chromium (playwright-core) through the bridge: point queries run inside the
// page, and the reattach case is a real page navigation (pagehide parks the connection at the bridge).
import type { Credentials } from '../lib/cold-user.js';
import { benchBrowser, load, openInPage, type PageResult, pointsInPage } from './bench-page.js';
import type { BenchContext, BenchSession, Contestant, FirstRowKind } from './types.js';

export function oursChromiumContestant(ctx: BenchContext): Contestant {
  const { bridgeUrl, pageOrigin } = ctx;
  if (!bridgeUrl || !pageOrigin) throw new Error('ours-chromium needs the bridge and the page server');
  const { db } = ctx.data;
  const browser = benchBrowser();
  const routes = new Map<string, number>();
  const sinceNavigation: Record<FirstRowKind, number[]> = { login: [], reattach: [] };
  const pageUrl = (q: Record<string, string>) =>
    `${pageOrigin}/index.html?${new URLSearchParams({ bridge: bridgeUrl, sql: ctx.data.sql.firstRow, ...q })}`;
  const getPage = () => browser.page();

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
      await openInPage(p, pageUrl({}), db);
      const unsupported = () => Promise.reject(new Error('ours-chromium runs only workloads a and e'));
      return {
        point: unsupported,
        small: unsupported,
        big: unsupported,
        createOne: unsupported,
        createTx: unsupported,
        pointLoop: (keys) => pointsInPage(p, ctx.data.sql.point, keys),
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
    dispose: () => browser.close(),
  } as Contestant;
}
