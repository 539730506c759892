// Interleaving: each round runs the contestants in a rotated order, so drift (JIT, server caches,
// database growth) does not always favour the same one.
import type { Contestant } from '../contestants/types.js';
import type { WorkloadId } from './options.js';

export function inRound(contestants: readonly Contestant[], workload: WorkloadId, round: number): Contestant[] {
  const taking = contestants.filter((c) => c.workloads.includes(workload));
  if (taking.length === 0) return [];
  const shift = round % taking.length;
  return [...taking.slice(shift), ...taking.slice(0, shift)];
}

/** A fixed pseudo-random sequence of keys in [0, n): the same for every contestant. */
export function keySequence(count: number, n: number, seed = 12345): number[] {
  const keys: number[] = [];
  let x = seed >>> 0;
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    keys.push(x % n);
  }
  return keys;
}
