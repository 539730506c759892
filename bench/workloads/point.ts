// (a) Sequential point queries by indexed key: p50 and p99 latency per contestant.
import { Collector, type WorkloadResult } from '../lib/results.js';
import { inRound, keySequence } from '../lib/rounds.js';
import { quantile } from '../lib/stats.js';
import type { BenchSession } from '../contestants/types.js';
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
        const latencies = await loop(keys);
        const total = latencies.reduce((a, b) => a + b, 0);
        c.add(contestant.id, 'p50', quantile(latencies, 0.5), 'ms', 'lower');
        c.add(contestant.id, 'p99', quantile(latencies, 0.99), 'ms', 'lower');
        c.add(contestant.id, 'qps', keys.length / (total / 1000), 'queries/s', 'higher');
        env.trace(`a round ${round + 1} ${contestant.id}: p50 ${quantile(latencies, 0.5).toFixed(3)} ms`);
      } catch (error) {
        env.fail(`a/${contestant.id}`, error);
      } finally {
        await session?.close().catch(() => undefined);
      }
    }
  }
  return c.result;
}
