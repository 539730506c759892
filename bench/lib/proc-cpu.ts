// CPU time (user + system, all threads) of this process, or of another one by pid, read from /proc.
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

export function ownCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function pidCpuMs(pid: number): number {
  // Fields after "(comm) ": state is [0], utime [11], stime [12].
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Starts a meter over the given CPU clocks; `stop()` returns each one's ms since. */
export function cpuMeter(clocks: Record<string, () => number>): { stop(): Record<string, number> } {
  const start = Object.fromEntries(Object.entries(clocks).map(([k, clock]) => [k, clock()]));
  return {
    stop: () => Object.fromEntries(Object.entries(clocks).map(([k, clock]) => [k, clock() - start[k]!])),
  };
}
