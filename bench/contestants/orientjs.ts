// orientjs 3.2.0 over TCP through its 3.x OrientDBClient API (one client with a one-socket pool per session).
import { createRequire } from 'node:module';
import type { Credentials } from '../lib/cold-user.js';
import type { BenchContext, BenchSession, Contestant } from './types.js';

interface OjsResult {
  all(): Promise<unknown[]>;
}
interface OjsTx {
  create(record: Record<string, unknown>): unknown;
  commit(): Promise<unknown>;
}
interface OjsSession {
  query(sql: string, options?: { params?: Record<string, unknown>; pageSize?: number }): OjsResult;
  record: { create(record: Record<string, unknown>): Promise<unknown> };
  begin(): OjsTx;
  close(): Promise<void>;
}
interface OjsSessionPool {
  acquire(): Promise<OjsSession>;
  close(): Promise<void>;
}
interface OjsClient {
  session(options: { name: string; username: string; password: string }): Promise<OjsSession>;
  sessions(options: {
    name: string;
    username: string;
    password: string;
    pool: { max: number; min?: number };
  }): Promise<OjsSessionPool>;
  close(): Promise<void>;
}
interface OjsModule {
  OrientDBClient: {
    connect(options: {
      host: string;
      port: number;
      pool?: { max: number; min?: number };
      logger?: Record<string, unknown>;
    }): Promise<OjsClient>;
  };
}

const require = createRequire(import.meta.url);
const orientjs = require('orientjs') as OjsModule;
const version = (require('orientjs/package.json') as { version: string }).version;
const quiet = { error: () => undefined, log: () => undefined, debug: () => undefined };

class OrientjsSession implements BenchSession {
  readonly #client: OjsClient;
  readonly #session: OjsSession;
  readonly #ctx: BenchContext;

  constructor(client: OjsClient, session: OjsSession, ctx: BenchContext) {
    this.#client = client;
    this.#session = session;
    this.#ctx = ctx;
  }

  async point(key: number): Promise<number> {
    return (await this.#session.query(this.#ctx.data.sql.point, { params: { key } }).all()).length;
  }

  async small(key: number): Promise<number> {
    return (await this.#session.query(this.#ctx.data.sql.small, { params: { key } }).all()).length;
  }

  async big(): Promise<number> {
    return (await this.#session.query(this.#ctx.data.sql.big, { pageSize: this.#ctx.sizes.pageSize }).all()).length;
  }

  async createOne(i: number): Promise<void> {
    await this.#session.record.create({ '@class': 'Row', k: i, s: `row-${i}`, d: i * 0.5 });
  }

  async createTx(from: number, count: number): Promise<void> {
    const tx = this.#session.begin();
    for (let i = from; i < from + count; i++) tx.create({ '@class': 'Row', k: i, s: `row-${i}`, d: i * 0.5 });
    await tx.commit();
  }

  async close(): Promise<void> {
    await this.#session.close();
    await this.#client.close();
  }
}

export function orientjsContestant(ctx: BenchContext): Contestant {
  const { db } = ctx.data;
  const connect = async (as: Credentials = db) => {
    const client = await orientjs.OrientDBClient.connect({
      host: ctx.host,
      port: ctx.port,
      pool: { max: 1, min: 1 },
      logger: quiet,
    });
    const session = await client.session({ name: db.name, username: as.user, password: as.password });
    return { client, session };
  };
  return {
    id: 'orientjs',
    label: `orientjs ${version} (TCP)`,
    workloads: ['a', 'b', 'c', 'd', 'e', 'h'],
    notes: {
      createOne: 'session.record.create (RECORD_CREATE)',
      createTx: 'session.begin(), tx.create() × n, tx.commit()',
      reattach: 'no token reattach in orientjs: login only',
    },
    async open() {
      const { client, session } = await connect();
      return new OrientjsSession(client, session, ctx);
    },
    async firstRow(kind, as) {
      if (kind === 'reattach') return NaN;
      const started = performance.now();
      const { client, session } = await connect(as);
      const rows = await session.query(ctx.data.sql.firstRow).all();
      const ms = performance.now() - started;
      await session.close();
      await client.close();
      if (rows.length !== 1) throw new Error(`orientjs login: expected 1 row, got ${rows.length}`);
      return ms;
    },
    /** client.sessions({ pool: { max } }): a session per caller from orientjs's own pool, on as many sockets. */
    async openShared(max: number) {
      const client = await orientjs.OrientDBClient.connect({
        host: ctx.host,
        port: ctx.port,
        pool: { max, min: max },
        logger: quiet,
      });
      const sessions = await client.sessions({
        name: db.name,
        username: db.user,
        password: db.password,
        pool: { max, min: max },
      });
      return {
        async small(key: number) {
          const session = await sessions.acquire();
          try {
            return (await session.query(ctx.data.sql.small, { params: { key } }).all()).length;
          } finally {
            await session.close();
          }
        },
        async close() {
          await sessions.close();
          await client.close();
        },
      };
    },
    async dispose() {
      /* nothing shared */
    },
  };
}
