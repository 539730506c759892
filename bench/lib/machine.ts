// The machine a run happened on, for the report.
import { cpus, loadavg, release, totalmem } from 'node:os';
import { spawnSync } from 'node:child_process';

export function machineInfo(): Record<string, string | number> {
  const list = cpus();
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const java = `${probe.stderr ?? ''}${probe.stdout ?? ''}`.split('\n')[0]?.trim() || 'unknown';
  return {
    cpus: list.length,
    cpuModel: list[0]?.model.trim() ?? 'unknown',
    memoryGB: Math.round(totalmem() / 1024 ** 3),
    os: `${process.platform} ${release()}`,
    node: process.version,
    java,
    loadAverage1m: Number(loadavg()[0]!.toFixed(2)),
  };
}
