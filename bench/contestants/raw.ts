// The limit: pre-encoded request frames written to a socket and responses walked only to their ends.
import { RawConnection } from '../raw/connection.js';
import {
  handshakeFrame,
  intParam,
  nextPageFrame,
  nextPagePrefix,
  openFrames,
  queryFrame,
  recordCreateFrame,
  txCommitFrame,
  type Session,
} from '../raw/frames.js';
import type { Credentials } from '../lib/cold-user.js';
import type { BenchContext, BenchSession, Contestant, FirstRowKind } from './types.js';

type Dial = () => Promise<RawConnection>;

async function login(
  ctx: BenchContext,
  dial: Dial,
  as: Credentials = ctx.data.db,
): Promise<{ conn: RawConnection; session: Session }> {
  const conn = await dial();
  const opened = await conn.send(openFrames(ctx.data.db.name, as.user, as.password), 'open');
  return { conn, session: { sessionId: opened.sessionId, token: opened.token! } };
}

class RawSession implements BenchSession {
  readonly #ctx: BenchContext;
  readonly #conn: RawConnection;
  readonly #session: Session;
  readonly #pageSize: number;
  readonly #big: Uint8Array;
  readonly #nextPrefix: Uint8Array;
  #frames = new Map<string, Uint8Array>();
  #txId = 1;

  constructor(ctx: BenchContext, conn: RawConnection, session: Session) {
    this.#ctx = ctx;
    this.#conn = conn;
    this.#session = session;
    this.#pageSize = ctx.sizes.pageSize;
    this.#big = queryFrame(session, ctx.data.sql.big, null, this.#pageSize);
    this.#nextPrefix = nextPagePrefix(session);
  }

  prepare(op: 'point' | 'small' | 'createOne' | 'createTx', ids: readonly number[]): void {
    const s = this.#session;
    const sql = this.#ctx.data.sql;
    if (op === 'createTx') {
      this.#frames.set(`tx:${ids[0]}`, txCommitFrame(s, this.#txId++, ids));
      return;
    }
    for (const id of ids) {
      const key = `${op}:${id}`;
      if (this.#frames.has(key)) continue;
      this.#frames.set(
        key,
        op === 'createOne'
          ? recordCreateFrame(s, id)
          : queryFrame(s, op === 'point' ? sql.point : sql.small, intParam('key', id), 100),
      );
    }
  }

  #frame(key: string): Uint8Array {
    const frame = this.#frames.get(key);
    if (!frame) throw new Error(`raw: frame ${key} was not prepared`);
    return frame;
  }

  async point(key: number): Promise<number> {
    return (await this.#conn.send(this.#frame(`point:${key}`), 'query')).rows;
  }

  async small(key: number): Promise<number> {
    return (await this.#conn.send(this.#frame(`small:${key}`), 'query')).rows;
  }

  async big(): Promise<number> {
    let page = await this.#conn.send(this.#big, 'query');
    let rows = page.rows;
    while (page.hasNextPage) {
      page = await this.#conn.send(nextPageFrame(this.#nextPrefix, page.queryIdField!, this.#pageSize), 'query');
      rows += page.rows;
    }
    return rows;
  }

  async createOne(i: number): Promise<void> {
    await this.#conn.send(this.#frame(`createOne:${i}`), 'create');
  }

  async createTx(from: number): Promise<void> {
    const frame = this.#frame(`tx:${from}`);
    this.#frames.delete(`tx:${from}`);
    await this.#conn.send(frame, 'commit');
  }

  async close(): Promise<void> {
    this.#conn.close();
  }
}

export function rawContestant(ctx: BenchContext, viaBridge = false): Contestant {
  const url = ctx.bridgeUrl;
  if (viaBridge && !url) throw new Error('raw-bridge needs the bridge');
  const dial: Dial = viaBridge ? () => RawConnection.viaBridge(url!) : () => RawConnection.connect(ctx.host, ctx.port);
  return {
    id: viaBridge ? 'raw-bridge' : 'raw',
    label: viaBridge ? 'raw limit via bridge (ws)' : 'raw limit (TCP)',
    workloads: viaBridge ? ['a', 'b', 'c', 'd'] : ['a', 'b', 'c', 'd', 'e'],
    notes: {
      createOne: 'RECORD_CREATE',
      createTx: 'one TX_COMMIT with every record',
      reattach: 'new socket, HANDSHAKE, old session id + token',
    },
    async open() {
      const { conn, session } = await login(ctx, dial);
      return new RawSession(ctx, conn, session);
    },
    async firstRow(kind: FirstRowKind, as?: Credentials): Promise<number> {
      let stored: Session | undefined;
      let firstRow: Uint8Array | undefined;
      if (kind === 'reattach') {
        const old = await login(ctx, dial);
        stored = old.session;
        firstRow = queryFrame(stored, ctx.data.sql.firstRow, null, 100);
        old.conn.close();
      }
      const started = performance.now();
      let conn: RawConnection;
      if (stored && firstRow) {
        conn = await dial();
        conn.write(handshakeFrame());
      } else {
        const fresh = await login(ctx, dial, as);
        conn = fresh.conn;
        firstRow = queryFrame(fresh.session, ctx.data.sql.firstRow, null, 100);
      }
      const page = await conn.send(firstRow, 'query');
      const ms = performance.now() - started;
      conn.close();
      if (page.rows !== 1) throw new Error(`raw ${kind}: expected 1 row, got ${page.rows}`);
      return ms;
    },
    async dispose() {
      /* nothing shared */
    },
  };
}
