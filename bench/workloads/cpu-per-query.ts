// CPU per operation of each process on a contestant's path: the client (when it is this Node process),
// the bridge (when the contestant goes through it) and OrientDB.
import { cpuMeter, ownCpuMs, pidCpuMs } from '../lib/proc-cpu.js';
import type { Collector } from '../lib/results.js';
import type { ContestantId } from '../lib/options.js';
import type { RunEnv } from './env.js';

const VIA_BRIDGE: ReadonlySet<ContestantId> = new Set(['ours-bridge', 'ours-chromium', 'raw-bridge']);
const ELSEWHERE: ReadonlySet<ContestantId> = new Set(['ours-chromium']);

export const CPU_NOTE =
  '*CpuPerQuery: user + system CPU of the client (when it runs in the bench process), the bridge and the OrientDB process during the timed queries, per query';

/** Starts metering; the returned function records `<who>CpuPerQuery` in µs for `count` operations. */
export function meterCpu(env: RunEnv, c: Collector, id: ContestantId): (count: number) => void {
  const clocks: Record<string, () => number> = {};
  if (!ELSEWHERE.has(id)) clocks['client'] = ownCpuMs;
  const bridgePid = VIA_BRIDGE.has(id) ? env.bridge?.pid : undefined;
  if (bridgePid !== undefined) clocks['bridge'] = () => pidCpuMs(bridgePid);
  const serverPid = env.server.pid;
  if (serverPid !== undefined) clocks['server'] = () => pidCpuMs(serverPid);
  const meter = cpuMeter(clocks);
  return (count) => {
    for (const [who, ms] of Object.entries(meter.stop()))
      c.add(id, `${who}CpuPerQuery`, (ms * 1000) / count, 'µs CPU', 'lower');
  };
}
