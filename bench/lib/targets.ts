// The bench's targets (the goals the README's results list as MET or MISS), computed from the medians
// of a run.
import { med, type BenchResults, type Target, type WorkloadResult } from './results.js';

function target(
  text: string,
  measured: number,
  goal: number,
  kind: 'min' | 'max',
  unit: string,
  detail: string,
): Target {
  const met = Number.isFinite(measured) ? (kind === 'min' ? measured >= goal : measured <= goal) : null;
  return { text, measured, goal, kind, unit, met, detail };
}

const f = (n: number, d = 2) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');

const BUNDLE_LIMIT = 30 * 1024;

export function computeTargets(w: WorkloadResult[]): Target[] {
  const out: Target[] = [];
  const bOurs = med(w, 'b', 'ours-tcp', 'throughput');
  const bOjs = med(w, 'b', 'orientjs', 'throughput');
  const bRaw = med(w, 'b', 'raw', 'throughput');
  const bBridge = med(w, 'b', 'ours-bridge', 'throughput');
  const cOurs = med(w, 'c', 'ours-tcp', 'rowsPerSecond');
  const cOjs = med(w, 'c', 'orientjs', 'rowsPerSecond');
  const cOursCpu = med(w, 'c', 'ours-tcp', 'cpuMs');
  const cOjsCpu = med(w, 'c', 'orientjs', 'cpuMs');
  const aOurs = med(w, 'a', 'ours-tcp', 'p50');
  const aBridge = med(w, 'a', 'ours-bridge', 'p50');
  const aChromium = med(w, 'a', 'ours-chromium', 'p50');
  const aRaw = med(w, 'a', 'raw', 'p50');
  const aRawBridge = med(w, 'a', 'raw-bridge', 'p50');
  const bRawBridge = med(w, 'b', 'raw-bridge', 'throughput');
  const hopCost = med(w, 'a', 'echo-relay', 'p50') - med(w, 'a', 'echo', 'p50');
  out.push(
    target(
      '(b) ours TCP ≥ 1.5× orientjs throughput',
      bOurs / bOjs,
      1.5,
      'min',
      '×',
      `${f(bOurs, 0)} vs ${f(bOjs, 0)} queries/s`,
    ),
  );
  out.push(
    target(
      '(c) ours TCP ≥ 2× orientjs decode rate',
      cOurs / cOjs,
      2,
      'min',
      '×',
      `${f(cOurs, 0)} vs ${f(cOjs, 0)} rows/s (raw limit ${f(med(w, 'c', 'raw', 'rowsPerSecond'), 0)})`,
    ),
  );
  out.push(
    target(
      '(c) ours TCP uses ≤ 1/2 of orientjs client CPU',
      cOjsCpu / cOursCpu,
      2,
      'min',
      '×',
      `${f(cOursCpu, 0)} vs ${f(cOjsCpu, 0)} ms CPU for ${f(med(w, 'c', 'ours-tcp', 'wallMs'), 0)} vs ${f(med(w, 'c', 'orientjs', 'wallMs'), 0)} ms wall`,
    ),
  );
  out.push(
    target(
      '(b) ours TCP ≥ 0.9× the raw limit',
      bOurs / bRaw,
      0.9,
      'min',
      '×',
      `${f(bOurs, 0)} vs ${f(bRaw, 0)} queries/s`,
    ),
  );
  out.push(
    target(
      '(a) bridge adds ≤ 15% to p50',
      aBridge / aOurs,
      1.15,
      'max',
      '×',
      `p50 ${f(aBridge, 3)} vs ${f(aOurs, 3)} ms${Number.isFinite(aChromium) ? `; Chromium via bridge ${f(aChromium, 3)} ms` : ''}; raw frames through the bridge ${f(aRawBridge, 3)} vs ${f(aRaw, 3)} ms over TCP (${f(aRawBridge / aRaw)}×); one relay process adds ${f(hopCost, 3)} ms to an echo's p50 on this machine`,
    ),
  );
  out.push(
    target(
      '(b) bridge keeps ≥ 85% of TCP throughput',
      bBridge / bOurs,
      0.85,
      'min',
      '×',
      `${f(bBridge, 0)} vs ${f(bOurs, 0)} queries/s; raw frames through the bridge keep ${f(bRawBridge / bRaw)}× of raw TCP`,
    ),
  );
  const eRaw = med(w, 'e', 'raw', 'login') / med(w, 'e', 'raw', 'reattach');
  for (const id of ['ours-chromium', 'ours-bridge', 'ours-tcp']) {
    const reattach = med(w, 'e', id, 'reattach');
    const login = med(w, 'e', id, 'login');
    const cold = med(w, 'e', id, 'loginColdHash');
    if (!Number.isFinite(login / reattach)) continue;
    out.push(
      target(
        `(e) ${id}: reattach ≥ 5× faster than a login (password hash cached by the server)`,
        login / reattach,
        5,
        'min',
        '×',
        `login ${f(login)} ms, reattach ${f(reattach)} ms to the first row; the raw limit's ratio is ${f(eRaw)}×`,
      ),
    );
    if (Number.isFinite(cold))
      out.push(
        target(
          `(e) ${id}: reattach ≥ 5× faster than a login whose password hash the server derives`,
          cold / reattach,
          5,
          'min',
          '×',
          `login ${f(cold)} ms, reattach ${f(reattach)} ms to the first row`,
        ),
      );
  }
  const hOurs = med(w, 'h', 'ours-tcp', 'throughput');
  const hOjs = med(w, 'h', 'orientjs', 'throughput');
  const hOursP99 = med(w, 'h', 'ours-tcp', 'p99');
  const hOjsP99 = med(w, 'h', 'orientjs', 'p99');
  out.push(
    target(
      '(h) ours pool ≥ 1.5× orientjs pool queries/s',
      hOurs / hOjs,
      1.5,
      'min',
      '×',
      `${f(hOurs, 0)} vs ${f(hOjs, 0)} queries/s; ours on one connection ${f(med(w, 'h', 'ours-tcp-one', 'throughput'), 0)}`,
    ),
  );
  out.push(
    target(
      '(h) ours pool p99 no worse than orientjs pool p99',
      hOjsP99 / hOursP99,
      1,
      'min',
      '×',
      `p99 ${f(hOursP99)} vs ${f(hOjsP99)} ms; ours on one connection ${f(med(w, 'h', 'ours-tcp-one', 'p99'))} ms`,
    ),
  );
  const gz = med(w, 'f', 'ours', 'gzipped');
  out.push(
    target(
      '(f) browser bundle ≤ 30 KB gzipped',
      gz / 1024,
      BUNDLE_LIMIT / 1024,
      'max',
      'KB',
      `${f(gz, 0)} B gzipped, ${f(med(w, 'f', 'ours', 'minified'), 0)} B minified (msgpackr ${f(med(w, 'f', 'ours', 'msgpackrMinified'), 0)} B of it; ${f(med(w, 'f', 'ours', 'gzippedWithoutMsgpackr'), 0)} B gzipped without it)`,
    ),
  );
  const growth = med(w, 'g', 'ours-tcp', 'heapAfterGcGrowthMB');
  out.push(
    target(
      '(g) flat heap while streaming (≤ 2 MB growth after GC)',
      growth,
      2,
      'max',
      'MB',
      `heap ${f(med(w, 'g', 'ours-tcp', 'heapMinMB'), 1)}..${f(med(w, 'g', 'ours-tcp', 'heapMaxMB'), 1)} MB as found; slope ${f(med(w, 'g', 'ours-tcp', 'slopeMBPerMillionRows'))} MB per 1M rows after GC`,
    ),
  );
  return out;
}

export function targetLines(results: BenchResults): string[] {
  return results.targets.map((t) => {
    const mark = t.met === null ? 'n/a ' : t.met ? 'MET ' : 'MISS';
    return `${mark} ${t.text}: ${f(t.measured)} ${t.unit} (goal ${t.kind === 'min' ? '≥' : '≤'} ${t.goal} ${t.unit}) — ${t.detail}`;
  });
}
