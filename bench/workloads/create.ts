// (d) Record creates: N one by one, then N in one transaction; Row is emptied before each contestant.
import { truncateRows } from '../lib/seed.js';
import { Collector, type WorkloadResult } from '../lib/results.js';
import { inRound } from '../lib/rounds.js';
import type { BenchSession } from '../contestants/types.js';
import type { RunEnv } from './env.js';

export async function runCreate(env: RunEnv): Promise<WorkloadResult> {
  const n = env.options.sizes.creates;
  const c = new Collector('d', `${n.toLocaleString('en')} record creates, one by one and in one transaction`);
  const ids = Array.from({ length: n }, (_, i) => i);
  const warm = Array.from({ length: 200 }, (_, i) => n + i);
  for (const contestant of env.contestants) {
    if (!contestant.workloads.includes('d') || !contestant.notes) continue;
    c.note(
      `${contestant.id}: one by one = ${contestant.notes['createOne']}; transaction = ${contestant.notes['createTx']}`,
    );
  }
  for (let round = 0; round < env.options.rounds; round++) {
    for (const contestant of inRound(env.contestants, 'd', round)) {
      let session: BenchSession | undefined;
      try {
        await truncateRows(env.server, env.ctx.data);
        session = await contestant.open();
        session.prepare?.('createOne', [...warm, ...ids]);
        for (const i of warm) await session.createOne(i);
        let started = performance.now();
        for (const i of ids) await session.createOne(i);
        const oneMs = performance.now() - started;
        c.add(contestant.id, 'oneByOne', n / (oneMs / 1000), 'records/s', 'higher');
        session.prepare?.('createTx', ids);
        started = performance.now();
        await session.createTx(0, n);
        const txMs = performance.now() - started;
        c.add(contestant.id, 'inTx', n / (txMs / 1000), 'records/s', 'higher');
        env.trace(`d round ${round + 1} ${contestant.id}: one by one ${oneMs.toFixed(0)} ms, tx ${txMs.toFixed(0)} ms`);
      } catch (error) {
        env.fail(`d/${contestant.id}`, error);
      } finally {
        await session?.close().catch(() => undefined);
      }
    }
  }
  await truncateRows(env.server, env.ctx.data).catch(() => undefined);
  return c.result;
}
