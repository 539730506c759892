// Our client in Node, over TCP or through the bridge (ws): the same public API calls for both.
import type { OrientDBOptions, TokenStore } from '@orientdb-edge/client';
import { MemoryTokenStore, OrientDB, pool } from '../lib/client-dist.js';
import type { Credentials } from '../lib/cold-user.js';
import type { BenchContext, BenchSession, Contestant, FirstRowKind } from './types.js';

async function waitFor(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error('the bridge did not report the park');
    await new Promise((r) => setTimeout(r, 1));
  }
}

type Options = (store: TokenStore | null) => OrientDBOptions;

/**
 * Builds a client as if in a page (the client listens for 'pagehide' only where there is a document)
 * and returns the listener, so a Node run can hand its idle connection to the bridge the way a reload does.
 */
function inFakePage(make: () => OrientDB): { client: OrientDB; pagehide: () => void } {
  const g = globalThis as { addEventListener?: unknown; document?: unknown };
  const saved = { addEventListener: g.addEventListener, document: g.document };
  let pagehide: () => void = () => undefined;
  g.addEventListener = (type: string, fn: () => void) => {
    if (type === 'pagehide') pagehide = fn;
  };
  g.document = {};
  try {
    return { client: make(), pagehide: () => pagehide() };
  } finally {
    g.addEventListener = saved.addEventListener;
    g.document = saved.document;
    if (saved.addEventListener === undefined) delete g.addEventListener;
    if (saved.document === undefined) delete g.document;
  }
}

class OursSession implements BenchSession {
  readonly #db: OrientDB;
  readonly #ctx: BenchContext;

  constructor(db: OrientDB, ctx: BenchContext) {
    this.#db = db;
    this.#ctx = ctx;
  }

  async point(key: number): Promise<number> {
    return (await this.#db.query(this.#ctx.data.sql.point, { key })).length;
  }

  async small(key: number): Promise<number> {
    return (await this.#db.query(this.#ctx.data.sql.small, { key })).length;
  }

  async big(): Promise<number> {
    return (await this.#db.query(this.#ctx.data.sql.big, {}, { pageSize: this.#ctx.sizes.pageSize })).length;
  }

  async createOne(i: number): Promise<void> {
    await this.#db.recordCreate('Row', { k: i, s: `row-${i}`, d: i * 0.5 });
  }

  async createTx(from: number, count: number): Promise<void> {
    const tx = await this.#db.tx();
    for (let i = from; i < from + count; i++) tx.create('Row', { k: i, s: `row-${i}`, d: i * 0.5 });
    await tx.commit();
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}

export function oursContestant(
  ctx: BenchContext,
  id: 'ours-tcp' | 'ours-bridge',
  label: string,
  options: Options,
): Contestant {
  const { db } = ctx.data;
  const routes = new Map<string, number>();
  /** login: DB_OPEN then the query; reattach: a client that logged in and closed (or parked) first. */
  const timeFirstRow = async (kind: FirstRowKind, park: boolean, as: Credentials = db): Promise<number> => {
    const store = new MemoryTokenStore();
    if (kind === 'reattach') {
      const { client: old, pagehide } = inFakePage(() => new OrientDB(options(store)));
      await old.dbOpen(db.name, db.user, db.password);
      await old.query(ctx.data.sql.firstRow);
      const parkedBefore = park ? await ctx.bridgeParked!() : 0;
      if (park) pagehide();
      await old.close();
      if (park) await waitFor(async () => (await ctx.bridgeParked!()) > parkedBefore);
    }
    const started = performance.now();
    const client = new OrientDB(options(kind === 'reattach' ? store : null));
    if (kind === 'login') await client.dbOpen(db.name, as.user, as.password);
    const rows = await client.query(ctx.data.sql.firstRow);
    const ms = performance.now() - started;
    const via = client.session?.via ?? 'unknown';
    await client.close({ logout: true });
    if (rows.length !== 1) throw new Error(`${id} ${kind}: expected 1 row, got ${rows.length}`);
    if (kind === 'reattach') {
      if (via === 'login') throw new Error(`${id} reattach logged in instead`);
      const key = park ? via : `${via} (not parked)`;
      routes.set(key, (routes.get(key) ?? 0) + 1);
    }
    return ms;
  };
  return {
    id,
    label,
    workloads: id === 'ours-tcp' ? ['a', 'b', 'c', 'd', 'e', 'h'] : ['a', 'b', 'c', 'd', 'e'],
    notes: {
      createOne: 'recordCreate (RECORD_CREATE)',
      createTx: 'tx().create() × n, commit() (one TX_COMMIT)',
      reattach:
        id === 'ours-bridge'
          ? 'a page reload emulated in Node: pagehide parks the connection at the bridge, a new client with the same token store resumes it; reattachUnparked: the old client only closed'
          : 'a new client with the same token store: new connection, HANDSHAKE, old session id + token',
    },
    get reattachRoutes() {
      return Object.fromEntries(routes);
    },
    async open() {
      const client = new OrientDB(options(null));
      await client.dbOpen(db.name, db.user, db.password);
      return new OursSession(client, ctx);
    },
    async firstRow(kind: FirstRowKind, as?: Credentials): Promise<number> {
      return timeFirstRow(kind, id === 'ours-bridge', as);
    },
    async openShared(max: number) {
      if (max === 1) {
        const client = new OrientDB(options(null));
        await client.dbOpen(db.name, db.user, db.password);
        return new OursSession(client, ctx);
      }
      const { transport, url, WebSocket } = options(null);
      const p = pool({
        transport,
        url,
        WebSocket,
        database: db.name,
        user: db.user,
        password: db.password,
        max,
        min: max,
      });
      await p.ready();
      return {
        small: async (key: number) => (await p.query(ctx.data.sql.small, { key })).length,
        close: () => p.close(),
      };
    },
    firstRowVariants: id === 'ours-bridge' ? { reattachUnparked: () => timeFirstRow('reattach', false) } : undefined,
    async dispose() {
      /* nothing shared */
    },
  } as Contestant;
}
