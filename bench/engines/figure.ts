// One engine's reattach figure: what was timed, the samples, and the routes the samples took.
import { median } from '../lib/stats.js';

export interface Figure {
  engine: string;
  version: string;
  /** From when to the first row. */
  timed: string;
  samplesMs: number[];
  routes: Record<string, number>;
}

export function figure(engine: string, version: string, timed: string): Figure {
  return { engine, version, timed, samplesMs: [], routes: {} };
}

/** Adds one sample; a route other than the one expected is kept in `routes` for the table to show. */
export function addSample(f: Figure, ms: number, route: string | undefined): void {
  f.samplesMs.push(ms);
  const r = route ?? 'unknown';
  f.routes[r] = (f.routes[r] ?? 0) + 1;
}

export function summary(f: Figure): { median: number; min: number; max: number } {
  return { median: median(f.samplesMs), min: Math.min(...f.samplesMs), max: Math.max(...f.samplesMs) };
}
