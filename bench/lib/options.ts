// Command-line flags of `pnpm bench`: which workloads and contestants, sizes, rounds, output paths.

const WORKLOADS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'] as const;
export type WorkloadId = (typeof WORKLOADS)[number];

const CONTESTANTS = [
  'ours-tcp',
  'ours-bridge',
  'ours-chromium',
  'orientjs',
  'raw',
  'raw-bridge',
  'rest',
  'rest-chromium',
] as const;
export type ContestantId = (typeof CONTESTANTS)[number];

export interface Sizes {
  /** Rows of the indexed Item class (point and small queries). */
  items: number;
  /** Rows of the mixed-type Big class decoded in (c). */
  bigRows: number;
  /** Rows streamed in (g) (Big rows × 10 through UNWIND). */
  streamRows: number;
  /** Sequential point queries per contestant per round in (a). */
  pointQueries: number;
  /** Concurrent connections in (b). */
  connections: number;
  /** Milliseconds each contestant runs in (b) per round. */
  concurrentMs: number;
  /** Records created one by one, and in one transaction, in (d). */
  creates: number;
  /** Reattach and login samples per contestant per round in (e). */
  reattachSamples: number;
  /** Idle WebSockets opened against the bridge in (g). */
  idleSockets: number;
  /** Rows per page for every contestant's queries. */
  pageSize: number;
  /** Concurrent callers in (h). */
  poolCallers: number;
  /** Connections of the pool in (h). */
  poolSize: number;
}

export interface BenchOptions {
  workloads: WorkloadId[];
  contestants: ContestantId[];
  rounds: number;
  sizes: Sizes;
  quick: boolean;
  outDir: string;
  /** Keep the server's data folder and print where it is. */
  verbose: boolean;
}

const FULL: Sizes = {
  items: 10_000,
  bigRows: 100_000,
  streamRows: 1_000_000,
  pointQueries: 2_000,
  connections: 16,
  concurrentMs: 3_000,
  creates: 10_000,
  reattachSamples: 10,
  idleSockets: 1_000,
  pageSize: 1_000,
  poolCallers: 64,
  poolSize: 8,
};

const QUICK: Sizes = {
  items: 1_000,
  bigRows: 10_000,
  streamRows: 100_000,
  pointQueries: 300,
  connections: 16,
  concurrentMs: 700,
  creates: 1_000,
  reattachSamples: 4,
  idleSockets: 100,
  pageSize: 1_000,
  poolCallers: 64,
  poolSize: 8,
};

export const HELP = `pnpm bench [flags]
  --quick                 small sizes and 2 rounds (a smoke run, about a minute)
  --workloads=a,b,...     a point p50/p99, b 16-connection throughput, c 100k-row decode,
                          d creates, e reattach vs login, f bundle size, g memory,
                          h 64 callers on a pool of 8 vs one connection (default: all)
  --contestants=x,y       ${CONTESTANTS.join(', ')} (default: all)
  --rounds=N              measured rounds per workload (default 5; 2 with --quick)
  --<size>=N              override a size: ${Object.keys(FULL).join(', ')}
  --out=DIR               where latest.json and latest.svg go (default bench/results)
  --verbose               progress of every round
environment: BENCH_BRIDGE_CPU_PROF=DIR writes a V8 CPU profile of the bridge process into DIR`;

function list<T extends string>(value: string, allowed: readonly T[], what: string): T[] {
  const items = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const item of items)
    if (!allowed.includes(item as T))
      throw new Error(`unknown ${what} ${JSON.stringify(item)}; use ${allowed.join(', ')}`);
  return items as T[];
}

export function parseOptions(argv: readonly string[], defaultOut: string): BenchOptions | 'help' {
  const quick = argv.includes('--quick');
  const sizes: Sizes = { ...(quick ? QUICK : FULL) };
  const options: BenchOptions = {
    workloads: [...WORKLOADS],
    contestants: [...CONTESTANTS],
    rounds: quick ? 2 : 5,
    sizes,
    quick,
    outDir: defaultOut,
    verbose: false,
  };
  for (const arg of argv) {
    if (arg === '--help' || arg === '-h') return 'help';
    if (arg === '--quick') continue;
    if (arg === '--verbose') {
      options.verbose = true;
      continue;
    }
    const m = /^--([a-zA-Z]+)=(.*)$/.exec(arg);
    if (!m) throw new Error(`unexpected argument ${JSON.stringify(arg)}; see --help`);
    const [, key, value] = m as unknown as [string, string, string];
    if (key === 'workloads') options.workloads = list(value, WORKLOADS, 'workload');
    else if (key === 'contestants') options.contestants = list(value, CONTESTANTS, 'contestant');
    else if (key === 'out') options.outDir = value;
    else if (key === 'rounds' || key in sizes) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--${key} needs a positive integer`);
      if (key === 'rounds') options.rounds = n;
      else sizes[key as keyof Sizes] = n;
    } else throw new Error(`unknown flag --${key}; see --help`);
  }
  return options;
}
