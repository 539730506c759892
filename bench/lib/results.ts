// The shape of a bench run's results (latest.json) and helpers to collect per-round values.
import { median } from './stats.js';
import type { WorkloadId } from './options.js';

export interface Metric {
  unit: string;
  better: 'lower' | 'higher';
  /** One value per measured round. */
  rounds: number[];
  median: number;
}

export interface WorkloadResult {
  id: WorkloadId;
  title: string;
  /** contestant id → metric name → metric. */
  metrics: Record<string, Record<string, Metric>>;
  notes: string[];
}

export interface Target {
  text: string;
  /** The measured figure the target is about (a ratio or a size). */
  measured: number;
  goal: number;
  /** 'min': measured must be ≥ goal; 'max': measured must be ≤ goal. */
  kind: 'min' | 'max';
  unit: string;
  met: boolean | null;
  detail: string;
}

export interface BenchResults {
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  rounds: number;
  machine: Record<string, string | number>;
  server: { version: string; protocolVersion: number };
  sizes: Record<string, number>;
  contestants: Record<string, string>;
  workloads: WorkloadResult[];
  targets: Target[];
  errors: string[];
}

export class Collector {
  readonly result: WorkloadResult;

  constructor(id: WorkloadId, title: string) {
    this.result = { id, title, metrics: {}, notes: [] };
  }

  add(contestant: string, name: string, value: number, unit: string, better: 'lower' | 'higher'): void {
    this.result.metrics[contestant] ??= {};
    const byName = this.result.metrics[contestant];
    byName[name] ??= { unit, better, rounds: [], median: NaN };
    const metric = byName[name];
    metric.rounds.push(value);
    metric.median = median(metric.rounds);
  }

  note(text: string): void {
    if (!this.result.notes.includes(text)) this.result.notes.push(text);
  }
}

/** The median of a metric, or NaN when it was not measured. */
export function med(
  results: BenchResults | WorkloadResult[],
  workload: WorkloadId,
  contestant: string,
  name: string,
): number {
  const list = Array.isArray(results) ? results : results.workloads;
  return list.find((w) => w.id === workload)?.metrics[contestant]?.[name]?.median ?? NaN;
}
