// (e) Time to the first row: a full login (connect, handshake, DB_OPEN, query) against a reattach
// with a stored session (what a reloaded page does), per contestant. Logins are timed twice: as a
// user whose password hash the server has cached, and as a new user whose hash it must derive.
import { coldUser, PBKDF2_ITERATIONS } from '../lib/cold-user.js';
import { Collector, type WorkloadResult } from '../lib/results.js';
import { inRound } from '../lib/rounds.js';
import { median } from '../lib/stats.js';
import type { RunEnv } from './env.js';

export async function runReattach(env: RunEnv): Promise<WorkloadResult> {
  const samples = env.options.sizes.reattachSamples;
  const c = new Collector('e', `Time to the first row: reattach vs login (median of ${samples} each per round)`);
  for (const contestant of env.contestants) {
    if (contestant.workloads.includes('e') && contestant.notes?.['reattach'])
      c.note(`${contestant.id}: ${contestant.notes['reattach']}`);
  }
  c.note(
    `login: the database's user, whose password hash the server has cached since its first login; loginColdHash: a new user per sample whose PBKDF2-SHA256 hash (${PBKDF2_ITERATIONS} iterations, OrientDB's defaults) the server derives on that login, as for a user's first login since the server started`,
  );
  for (let round = 0; round < env.options.rounds; round++) {
    for (const contestant of inRound(env.contestants, 'e', round)) {
      if (!contestant.firstRow) continue;
      try {
        await contestant.firstRow('login');
        const login: number[] = [];
        const reattach: number[] = [];
        for (let i = 0; i < samples; i++) {
          login.push(await contestant.firstRow('login'));
          reattach.push(await contestant.firstRow('reattach'));
        }
        const coldLogin: number[] = [];
        for (let i = 0; i < samples; i++)
          coldLogin.push(await contestant.firstRow('login', await coldUser(env.server, env.ctx.data.db)));
        const l = median(login);
        const r = median(reattach);
        c.add(contestant.id, 'login', l, 'ms', 'lower');
        c.add(contestant.id, 'loginColdHash', median(coldLogin), 'ms', 'lower');
        if (Number.isFinite(r)) {
          c.add(contestant.id, 'reattach', r, 'ms', 'lower');
        }
        for (const [name, variant] of Object.entries(contestant.firstRowVariants ?? {})) {
          const times: number[] = [];
          const failures: string[] = [];
          for (let i = 0; i < samples; i++) {
            try {
              times.push(await variant());
            } catch (error) {
              failures.push((error as Error).message);
            }
          }
          if (times.length) c.add(contestant.id, name, median(times), 'ms', 'lower');
          if (failures.length) c.add(contestant.id, `${name}Failures`, failures.length, `of ${samples}`, 'lower');
          if (failures.length)
            c.note(
              `${contestant.id} ${name}: ${failures.length} of ${samples} failed in round ${round + 1}, e.g. ${failures[0]!.slice(0, 220)}`,
            );
        }
        env.trace(`e round ${round + 1} ${contestant.id}: login ${l.toFixed(2)} ms, reattach ${r.toFixed(2)} ms`);
      } catch (error) {
        env.fail(`e/${contestant.id}`, error);
      }
    }
  }
  for (const contestant of env.contestants) {
    const nav = (contestant as { sinceNavigation?: Record<string, number[]> }).sinceNavigation;
    if (nav?.['login']?.length) {
      c.add(contestant.id, 'loginSinceNavigation', median(nav['login']), 'ms', 'lower');
      c.add(contestant.id, 'reattachSinceNavigation', median(nav['reattach'] ?? []), 'ms', 'lower');
      c.note(
        `${contestant.id}: login/reattach are timed from the page's module start; *SinceNavigation from navigation start (HTML, bundle load and parse included)`,
      );
    }
    const routes = (contestant as { reattachRoutes?: Record<string, number> }).reattachRoutes;
    if (routes && Object.keys(routes).length)
      c.note(
        `${contestant.id} reattach routes taken: ${Object.entries(routes)
          .map(([k, v]) => `${k} ×${v}`)
          .join(', ')}`,
      );
  }
  return c.result;
}
