// (a) Sequential point queries by indexed key: p50 and p99 latency per contestant, the CPU each process
// spends per query, and the machine's floor for one more process on the path (hop.ts).
import { hopFloor } from '../lib/hop.js';
import { Collector, type WorkloadResult } from '../lib/results.js';
import { inRound, keySequence } from '../lib/rounds.js';
import { quantile } from '../lib/stats.js';
import type { BenchSession } from '../contestants/types.js';
import { CPU_NOTE, meterCpu } from './cpu-per-query.js';
import type { RunEnv } from './env.js';

const WARMUP = 200;

async function timedLoop(session: BenchSession, keys: readonly number[]): Promise<number[]> {
  const latencies: number[] = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    const started = performance.now();
    const rows = await session.point(keys[i]!);
    latencies[i] = performance.now() - started;
    if (rows !== 1) throw new Error(`point query for key ${keys[i]} returned ${rows} rows`);
  }
  return latencies;
}

export async function runPoint(env: RunEnv): Promise<WorkloadResult> {
  const { sizes } = env.options;
  const c = new Collector('a', `Sequential point queries by indexed key (${sizes.pointQueries} per round)`);
  const keys = keySequence(sizes.pointQueries, sizes.items, 1);
  const warm = keySequence(WARMUP, sizes.items, 2);
  for (let round = 0; round < env.options.rounds; round++) {
    for (const contestant of inRound(env.contestants, 'a', round)) {
      let session: BenchSession | undefined;
      try {
        session = await contestant.open();
        session.prepare?.('point', [...warm, ...keys]);
        const loop = (k: readonly number[]) => (session!.pointLoop ? session!.pointLoop(k) : timedLoop(session!, k));
        await loop(warm);
        const recordCpu = meterCpu(env, c, contestant.id);
        const latencies = await loop(keys);
        const total = latencies.reduce((a, b) => a + b, 0);
        c.add(contestant.id, 'p50', quantile(latencies, 0.5), 'ms', 'lower');
        c.add(contestant.id, 'p99', quantile(latencies, 0.99), 'ms', 'lower');
        c.add(contestant.id, 'qps', keys.length / (total / 1000), 'queries/s', 'higher');
        recordCpu(keys.length);
        env.trace(`a round ${round + 1} ${contestant.id}: p50 ${quantile(latencies, 0.5).toFixed(3)} ms`);
      } catch (error) {
        env.fail(`a/${contestant.id}`, error);
      } finally {
        await session?.close().catch(() => undefined);
      }
    }
  }
  const hops = Math.min(2_000, sizes.pointQueries);
  for (let round = 0; round < env.options.rounds; round++) {
    const floor = await hopFloor(hops);
    c.add('echo', 'p50', floor.directP50, 'ms', 'lower');
    c.add('echo-relay', 'p50', floor.relayedP50, 'ms', 'lower');
  }
  c.note(
    `echo, echo-relay: ${hops} round trips of 40 bytes to a TCP echo in another process, direct and through one relay process: what one more process on the path costs on this machine`,
  );
  c.note(CPU_NOTE);
  return c.result;
}
