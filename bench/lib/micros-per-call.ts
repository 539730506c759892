// The timing loop of the microbenchmarks (bench/micro/): µs per call, median over rounds after a warm-up.
import { median } from './stats.js';

/** µs per call of `call(i)` for i in 0..n-1: one untimed warm-up pass, then the median of `rounds` timed passes. */
export function microsPerCall(call: (i: number) => void, n: number, rounds: number): number {
  for (let i = 0; i < n; i++) call(i);
  const us: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) call(i);
    us.push(((performance.now() - t) * 1000) / n);
  }
  return median(us);
}
