// (c) One query returning the mixed-type Big class (100,000 rows by default): rows per second and
// the client process's CPU time (user + system) while it ran.
import { Collector, type WorkloadResult } from '../lib/results.js';
import { inRound } from '../lib/rounds.js';
import { cpuMs } from '../lib/stats.js';
import type { BenchSession } from '../contestants/types.js';
import type { RunEnv } from './env.js';

export async function runDecode(env: RunEnv): Promise<WorkloadResult> {
  const { data } = env.ctx;
  const c = new Collector(
    'c',
    `Decoding a ${data.bigRows.toLocaleString('en')}-row mixed-type result (${env.options.sizes.pageSize} rows per page)`,
  );
  c.note('CPU is this process only: the bridge and the server run in other processes.');
  const warmed = new Set<string>();
  for (let round = 0; round < env.options.rounds; round++) {
    for (const contestant of inRound(env.contestants, 'c', round)) {
      let session: BenchSession | undefined;
      try {
        session = await contestant.open();
        if (!warmed.has(contestant.id)) {
          await session.big();
          warmed.add(contestant.id);
        }
        const cpu = process.cpuUsage();
        const started = performance.now();
        const rows = await session.big();
        const ms = performance.now() - started;
        const cpuTime = cpuMs(cpu);
        if (rows !== data.bigRows) throw new Error(`big query returned ${rows} rows, expected ${data.bigRows}`);
        c.add(contestant.id, 'rowsPerSecond', rows / (ms / 1000), 'rows/s', 'higher');
        // A page decodes in Chromium's processes, not this one: its CPU is not measured here.
        if (!contestant.id.endsWith('-chromium')) c.add(contestant.id, 'cpuMs', cpuTime, 'ms CPU', 'lower');
        c.add(contestant.id, 'wallMs', ms, 'ms', 'lower');
        env.trace(`c round ${round + 1} ${contestant.id}: ${ms.toFixed(0)} ms, ${cpuTime.toFixed(0)} ms CPU`);
      } catch (error) {
        env.fail(`c/${contestant.id}`, error);
      } finally {
        await session?.close().catch(() => undefined);
      }
    }
  }
  return c.result;
}
