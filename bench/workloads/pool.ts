// (h) Many callers, few connections: `poolCallers` concurrent closed loops of small queries share a
// pool of `poolSize` connections (ours: pool(); orientjs: client.sessions({ pool })) or, for the
// baseline, one connection. Queries/s and the p99 of each call (its wait for a connection included).
import { Collector, type WorkloadResult } from '../lib/results.js';
import { inRound, keySequence } from '../lib/rounds.js';
import { quantile } from '../lib/stats.js';
import type { SharedSession } from '../contestants/types.js';
import type { RunEnv } from './env.js';

const KEYS_PER_CALLER = 256;

async function caller(session: SharedSession, keys: readonly number[], until: number, out: number[]): Promise<void> {
  for (let i = 0; performance.now() < until; i++) {
    const started = performance.now();
    const rows = await session.small(keys[i % keys.length]!);
    out.push(performance.now() - started);
    if (rows !== 1) throw new Error(`small query returned ${rows} rows`);
  }
}

async function measure(
  session: SharedSession,
  keys: readonly number[][],
  ms: number,
): Promise<{ qps: number; p50: number; p99: number }> {
  const warmUntil = performance.now() + Math.min(500, ms / 4);
  await Promise.all(keys.map((k) => caller(session, k, warmUntil, [])));
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(keys.map((k) => caller(session, k, started + ms, latencies)));
  const seconds = (performance.now() - started) / 1000;
  return { qps: latencies.length / seconds, p50: quantile(latencies, 0.5), p99: quantile(latencies, 0.99) };
}

export async function runPool(env: RunEnv): Promise<WorkloadResult> {
  const { sizes } = env.options;
  const c = new Collector(
    'h',
    `${sizes.poolCallers} concurrent callers on a pool of ${sizes.poolSize} connections, and on one (${sizes.concurrentMs} ms per round)`,
  );
  c.note(
    `ours-tcp: pool({ max: ${sizes.poolSize}, min: ${sizes.poolSize} }) from @orientdb-edge/client/pool (default pipelining: up to 4 calls share a connection, the least loaded); orientjs: client.sessions({ pool: { max: ${sizes.poolSize} } }), a session acquired and closed per call; *-one: the same ${sizes.poolCallers} callers on one connection (ours: one OrientDB client, pipelined; orientjs: a pool of 1)`,
  );
  const keys = Array.from({ length: sizes.poolCallers }, (_, i) => keySequence(KEYS_PER_CALLER, sizes.items, 500 + i));
  for (let round = 0; round < env.options.rounds; round++) {
    for (const contestant of inRound(env.contestants, 'h', round)) {
      for (const max of [sizes.poolSize, 1]) {
        const id = max === 1 ? `${contestant.id}-one` : contestant.id;
        let session: SharedSession | undefined;
        try {
          session = await contestant.openShared!(max);
          const r = await measure(session, keys, sizes.concurrentMs);
          c.add(id, 'throughput', r.qps, 'queries/s', 'higher');
          c.add(id, 'p50', r.p50, 'ms', 'lower');
          c.add(id, 'p99', r.p99, 'ms', 'lower');
          env.trace(`h round ${round + 1} ${id}: ${r.qps.toFixed(0)} q/s, p99 ${r.p99.toFixed(2)} ms`);
        } catch (error) {
          env.fail(`h/${id}`, error);
        } finally {
          await session?.close().catch(() => undefined);
        }
      }
    }
  }
  return c.result;
}
