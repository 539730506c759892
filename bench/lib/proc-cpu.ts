// CPU time (user + system, all threads) of this process or of another one by pid, read from /proc.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** pid -1 means "not measured" (NaN). */
export function processCpuMs(pid?: number): number {
  if (pid === -1) return NaN;
  if (pid === undefined) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  // Fields after "(comm) ": state is [0], utime [11], stime [12].
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Starts a meter over the given processes; `stop()` returns each one's CPU ms since. */
export function cpuMeter(pids: Record<string, number | undefined>): { stop(): Record<string, number> } {
  const start = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuMs(pid)]));
  return {
    stop: () => Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, processCpuMs(pid) - start[k]!])),
  };
}
