// What every workload gets from run.ts.
import type { OrientDBServer } from '@orientdb-edge/testkit';
import type { BenchContext, Contestant } from '../contestants/types.js';
import type { BenchOptions } from '../lib/options.js';
import type { BridgeProcess } from '../lib/bridge-process.js';

export interface RunEnv {
  ctx: BenchContext;
  options: BenchOptions;
  contestants: Contestant[];
  server: OrientDBServer;
  bridge: BridgeProcess | undefined;
  log(line: string): void;
  /** Progress lines shown only with --verbose. */
  trace(line: string): void;
  /** Records a failure of one contestant in one workload and carries on. */
  fail(where: string, error: unknown): void;
}
