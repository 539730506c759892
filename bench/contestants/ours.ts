// Our client in Node, over TCP or through the bridge (ws): the same public API calls for both.
import { MemoryTokenStore, OrientDB, type OrientDBOptions, type TokenStore } from '@orientdb-edge/client';
import type { BenchContext, BenchSession, Contestant, FirstRowKind } from './types.js';

type Options = (store: TokenStore | null) => OrientDBOptions;

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
    const tx = this.#db.tx();
    for (let i = from; i < from + count; i++) tx.create('Row', { k: i, s: `row-${i}`, d: i * 0.5 });
    await tx.commit();
  }

  async close(): Promise<void> {
    await this.#db.close();
  }
}

export function oursContestant(ctx: BenchContext, id: 'ours-tcp' | 'ours-bridge', label: string, options: Options): Contestant {
  const { db } = ctx.data;
  const routes = new Map<string, number>();
  return {
    id,
    label,
    workloads: ['a', 'b', 'c', 'd', 'e'],
    notes: { createOne: 'recordCreate (RECORD_CREATE)', createTx: 'tx().create() × n, commit() (one TX_COMMIT)' },
    get reattachRoutes() { return Object.fromEntries(routes); },
    async open() {
      const client = new OrientDB(options(null));
      await client.dbOpen(db.name, db.user, db.password);
      return new OursSession(client, ctx);
    },
    async firstRow(kind: FirstRowKind): Promise<number> {
      const store = new MemoryTokenStore();
      if (kind === 'reattach') {
        const old = new OrientDB(options(store));
        await old.dbOpen(db.name, db.user, db.password);
        await old.query(ctx.data.sql.firstRow);
        await old.close();
      }
      const started = performance.now();
      const client = new OrientDB(options(kind === 'reattach' ? store : null));
      if (kind === 'login') await client.dbOpen(db.name, db.user, db.password);
      const rows = await client.query(ctx.data.sql.firstRow);
      const ms = performance.now() - started;
      const via = client.session?.via ?? 'unknown';
      await client.close({ logout: true });
      if (rows.length !== 1) throw new Error(`${id} ${kind}: expected 1 row, got ${rows.length}`);
      if (kind === 'reattach') {
        if (via === 'login') throw new Error(`${id} reattach logged in instead`);
        routes.set(via, (routes.get(via) ?? 0) + 1);
      }
      return ms;
    },
    async dispose() { /* nothing shared */ },
  } as Contestant;
}
