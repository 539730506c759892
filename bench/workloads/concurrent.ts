// (b) N concurrent connections, each a closed loop of small queries: total throughput, and the CPU the
// client, the bridge and OrientDB spend per query (on a small machine they share, CPU per query decides).
import { Collector, type WorkloadResult } from '../lib/results.js';
import { inRound, keySequence } from '../lib/rounds.js';
import type { BenchSession } from '../contestants/types.js';
import { CPU_NOTE, meterCpu } from './cpu-per-query.js';
import type { RunEnv } from './env.js';

const KEYS_PER_CONNECTION = 512;

async function closedLoop(session: BenchSession, keys: readonly number[], until: number): Promise<number> {
  let done = 0;
  while (performance.now() < until) {
    const rows = await session.small(keys[done % keys.length]!);
    if (rows !== 1) throw new Error(`small query returned ${rows} rows`);
    done++;
  }
  return done;
}

export async function runConcurrent(env: RunEnv): Promise<WorkloadResult> {
  const { sizes } = env.options;
  const c = new Collector(
    'b',
    `${sizes.connections} concurrent connections of small queries (${sizes.concurrentMs} ms per round)`,
  );
  const keys = Array.from({ length: sizes.connections }, (_, i) =>
    keySequence(KEYS_PER_CONNECTION, sizes.items, 100 + i),
  );
  for (let round = 0; round < env.options.rounds; round++) {
    for (const contestant of inRound(env.contestants, 'b', round)) {
      const sessions: BenchSession[] = [];
      try {
        for (let i = 0; i < sizes.connections; i++) sessions.push(await contestant.open());
        for (const [i, s] of sessions.entries()) s.prepare?.('small', keys[i]!);
        const warmUntil = performance.now() + Math.min(500, sizes.concurrentMs / 4);
        await Promise.all(sessions.map((s, i) => closedLoop(s, keys[i]!, warmUntil)));
        const recordCpu = meterCpu(env, c, contestant.id);
        const started = performance.now();
        const until = started + sizes.concurrentMs;
        const counts = await Promise.all(sessions.map((s, i) => closedLoop(s, keys[i]!, until)));
        const seconds = (performance.now() - started) / 1000;
        const total = counts.reduce((a, b) => a + b, 0);
        c.add(contestant.id, 'throughput', total / seconds, 'queries/s', 'higher');
        recordCpu(total);
        env.trace(`b round ${round + 1} ${contestant.id}: ${(total / seconds).toFixed(0)} q/s`);
      } catch (error) {
        env.fail(`b/${contestant.id}`, error);
      } finally {
        await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
      }
    }
  }
  c.note(CPU_NOTE);
  return c.result;
}
