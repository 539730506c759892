// What every contestant offers the workloads: open a session, run the workload's operations on it,
// and (for reattach) time a login or a reattach to the first row.
import type { Credentials } from '../lib/cold-user.js';
import type { BenchData } from '../lib/seed.js';
import type { ContestantId, Sizes, WorkloadId } from '../lib/options.js';

export interface BenchContext {
  host: string;
  port: number;
  /** OrientDB's HTTP listener (the REST contestants). */
  httpPort: number;
  /** ws:// URL of the bridge (a child process), when one runs. */
  bridgeUrl: string | undefined;
  /** http:// origin serving bench/pages and the client's browser bundle, when Chromium runs. */
  pageOrigin: string | undefined;
  /** Parked connections at the bridge right now (to let a Node "reload" wait for its park to land, as a page load would). */
  bridgeParked: (() => Promise<number>) | undefined;
  data: BenchData;
  sizes: Sizes;
  log(line: string): void;
}

export interface BenchSession {
  /** One point query by indexed key; resolves to the number of rows (1). */
  point(key: number): Promise<number>;
  /** One small projection query by key; resolves to the number of rows. */
  small(key: number): Promise<number>;
  /** Runs the big query and decodes (or walks) every row; resolves to the row count. */
  big(): Promise<number>;
  /** Creates one Row record. */
  createOne(i: number): Promise<void>;
  /** Creates `count` Row records in one transaction. */
  createTx(from: number, count: number): Promise<void>;
  /**
   * Called before a timed section with the keys or record numbers it will use, so a contestant that
   * sends pre-encoded frames (raw) can build them outside the timing.
   */
  prepare?(op: 'point' | 'small' | 'createOne' | 'createTx', ids: readonly number[]): void;
  /** Runs the point queries itself and returns each latency in ms (for a contestant that lives elsewhere, e.g. a page). */
  pointLoop?(keys: readonly number[]): Promise<number[]>;
  close(): Promise<void>;
}

export type FirstRowKind = 'login' | 'reattach';

/** What the callers of (h) share: a pool of connections, or one connection. */
export type SharedSession = Pick<BenchSession, 'small' | 'close'>;

export interface Contestant {
  readonly id: ContestantId;
  readonly label: string;
  /** The workloads this contestant takes part in. */
  readonly workloads: readonly WorkloadId[];
  /** How each create mode is done, for the report (e.g. "RECORD_CREATE", "INSERT in BEGIN/COMMIT"). */
  readonly notes?: Record<string, string>;
  open(): Promise<BenchSession>;
  /**
   * Ms from nothing (login) or from a stored session (reattach) to the first row of data.sql.firstRow.
   * A login uses `as` when given (e.g. a user whose password hash the server has not cached), else the database's user.
   */
  firstRow?(kind: FirstRowKind, as?: Credentials): Promise<number>;
  /**
   * (h): a session many callers use at once: a pool of `max` connections, each with its own session,
   * or (max 1) one connection.
   */
  openShared?(max: number): Promise<SharedSession>;
  /** Further time-to-first-row variants reported beside login and reattach (metric name → one sample). */
  firstRowVariants?: Record<string, () => Promise<number>>;
  dispose(): Promise<void>;
}
