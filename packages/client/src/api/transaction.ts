// Server-side transactions: `transaction(fn)` opens one with TX_BEGIN on the session, runs fn with a
// handle whose queries, commands and record calls run inside it, then TX_COMMIT (or TX_ROLLBACK); and
// batch transactions (transaction-batch.ts) with their one TX_COMMIT. Loaded on first use (lazy-modules.ts).
import { InvalidArgumentError } from '../errors.js';
import type { Row } from '../codec/result.js';
import {
  TX_BEGIN,
  TX_COMMIT,
  TX_ROLLBACK,
  type TxCommitResult,
  type TxOperation,
} from '../codec/operations/transactions.js';
import { type Request, request } from '../session/request.js';
import type { Connection, RequestOptions } from '../session/types.js';
import type { RecordWriteOptions, Rid } from './record-fields.js';
import {
  recordCreateRequest,
  recordDeleteRequest,
  recordLoadRequest,
  recordUpdateRequest,
  type RecordLoadOptions,
  type RecordRow,
} from './records.js';
import { type CommitSummary, remapRids, summarize } from './transaction-rids.js';
import type { Params } from './query-requests.js';
import { runSql, type SqlOptions } from './transaction-sql.js';

export { BatchTransaction } from './transaction-batch.js';

let lastTxId = 0;
/** A client-chosen transaction id, unique within this page/process (and so within each session). */
function nextTxId(): number {
  lastTxId = lastTxId >= 0x7fffffff ? 1 : lastTxId + 1;
  return lastTxId;
}

/** Connections with an open server-side transaction (the server keeps one per session). */
const open = new WeakSet<Connection>();

/** The handle a transaction function gets: the client's SQL and record calls, run inside the transaction. */
export class Transaction {
  readonly #conn: Connection;
  readonly #call: RequestOptions;
  readonly #held: unknown[] = [];
  #state: 'open' | 'committing' | 'done' = 'open';
  readonly txId: number;

  constructor(conn: Connection, txId: number, call: RequestOptions) {
    this.#conn = conn;
    this.txId = txId;
    this.#call = call;
  }

  async query<T = Row>(sql: string, params?: Params, options: SqlOptions = {}): Promise<T[]> {
    return await this.#keep(runSql<T>(this.#checked(), 'query', sql, params, { ...this.#call, ...options }));
  }

  async command<T = Row>(sql: string, params?: Params, options: SqlOptions = {}): Promise<T[]> {
    return await this.#keep(runSql<T>(this.#checked(), 'command', sql, params, { ...this.#call, ...options }));
  }

  /** An SQL script; it must not BEGIN/COMMIT a transaction of its own. */
  async batch<T = Row>(script: string, params?: Params, options: SqlOptions = {}): Promise<T[]> {
    return await this.#keep(runSql<T>(this.#checked(), 'script', script, params, { ...this.#call, ...options }));
  }

  async recordLoad(rid: Rid, options: RecordLoadOptions & RequestOptions = {}): Promise<RecordRow | null> {
    return await this.#keep(this.#run(recordLoadRequest(rid, options), options));
  }

  /** Creates a record in the transaction; its '@rid' is temporary until the commit replaces it. */
  async recordCreate(
    classNameOrClusterId: string | number,
    fields: Record<string, unknown>,
    options: RequestOptions = {},
  ): Promise<RecordRow> {
    return await this.#keep(this.#run(recordCreateRequest(classNameOrClusterId, fields), options));
  }

  async recordUpdate(
    rid: Rid,
    fields: Record<string, unknown>,
    options: RecordWriteOptions & RequestOptions = {},
  ): Promise<RecordRow> {
    return await this.#keep(this.#run(recordUpdateRequest(rid, fields, options), options));
  }

  async recordDelete(rid: Rid, options: RecordWriteOptions & RequestOptions = {}): Promise<boolean> {
    return await this.#run(recordDeleteRequest(rid, options), options);
  }

  #checked(): Connection {
    if (this.#state !== 'open')
      throw new InvalidArgumentError('this transaction is over; use the client outside of it');
    return this.#conn;
  }

  #run<T>(request: Request<T>, options: RequestOptions): Promise<T> {
    return this.#checked().request(request, {
      signal: options.signal ?? this.#call.signal,
      timeoutMs: options.timeoutMs ?? this.#call.timeoutMs,
    });
  }

  async #keep<T>(p: Promise<T>): Promise<T> {
    const value = await p;
    this.#held.push(value);
    return value;
  }

  /** @internal the rows handed out so far, for RID replacement after the commit. */
  get held(): unknown[] {
    return this.#held;
  }
  /** @internal */
  end(state: 'committing' | 'done'): void {
    this.#state = state;
  }
}

async function rollbackQuietly(conn: Connection, txId: number, call: RequestOptions): Promise<void> {
  if (conn.closed) return;
  await conn.request(request(TX_ROLLBACK, { txId }), { timeoutMs: call.timeoutMs }).catch(() => undefined);
}

/**
 * Runs `fn` in a server-side transaction on `conn`'s session: TX_BEGIN, fn(tx), TX_COMMIT. A throw
 * from fn, or a failed commit (e.g. an MVCC conflict), rolls back and rejects with that error; nothing
 * is written then. After the commit, temporary RIDs in what tx returned (and in fn's result) are real.
 * Other calls on the same session while it is open run inside the transaction too (one per session).
 */
export async function runTransaction<T>(
  conn: Connection,
  fn: (tx: Transaction) => Promise<T> | T,
  call: RequestOptions = {},
): Promise<T> {
  if (typeof fn !== 'function') throw new InvalidArgumentError('transaction() needs a function');
  if (open.has(conn))
    throw new InvalidArgumentError('a transaction is already open on this session; nest work in the same tx handle');
  const txId = nextTxId();
  open.add(conn);
  try {
    await conn.request(request(TX_BEGIN, { txId, operations: null }), call);
    const tx = new Transaction(conn, txId, call);
    let value: T;
    try {
      value = await fn(tx);
    } catch (error) {
      tx.end('done');
      await rollbackQuietly(conn, txId, call);
      throw error;
    }
    tx.end('committing');
    let res: TxCommitResult;
    try {
      res = await conn.request(request(TX_COMMIT, { txId, operations: null }), call);
    } catch (error) {
      await rollbackQuietly(conn, txId, call);
      throw error;
    } finally {
      tx.end('done');
    }
    remapRids([...tx.held, value], res);
    return value;
  } finally {
    open.delete(conn);
  }
}

/** Sends the operations a batch transaction attached in one TX_COMMIT: all of them are applied, or none. */
export async function commitBatch(
  conn: Connection,
  operations: TxOperation[],
  call: RequestOptions,
): Promise<CommitSummary> {
  return summarize(await conn.request(request(TX_COMMIT, { txId: nextTxId(), operations }), call));
}
