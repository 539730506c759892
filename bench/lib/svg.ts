// A hand-written SVG bar chart: each target's measured figure against its goal (the goal is the
// dashed line), then each workload's headline metric per contestant relative to ours over TCP.
import type { BenchResults } from './results.js';

const W = 860;
const LABEL = 330;
const BAR = 420;
const ROW = 22;
const GREEN = '#2e7d32';
const RED = '#c62828';
const GREY = '#607d8b';
const HEADLINE: Array<[string, string, string]> = [
  ['a', 'p50', '(a) point query p50 latency'],
  ['b', 'throughput', '(b) 16-connection throughput'],
  ['c', 'rowsPerSecond', '(c) decode rows/s'],
  ['d', 'oneByOne', '(d) creates one by one /s'],
  ['d', 'inTx', '(d) creates in one tx /s'],
  ['e', 'reattach', '(e) reattach time to first row'],
  ['h', 'throughput', '(h) 64 callers, pool of 8'],
];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (n: number) => (Math.abs(n) >= 10 ? n.toFixed(1) : n.toFixed(2));

export function chartSvg(results: BenchResults): string {
  const parts: string[] = [];
  let y = 30;
  const text = (x: number, yy: number, s: string, extra = '') =>
    parts.push(`<text x="${x}" y="${yy}" ${extra}>${esc(s)}</text>`);
  text(
    10,
    20,
    `orientdb-edge bench — OrientDB ${results.server.version}, ${results.machine['cpus']}× ${results.machine['cpuModel']}, ${results.startedAt.slice(0, 10)}${results.quick ? ' (quick run)' : ''}`,
    'font-weight="bold"',
  );
  y += 10;
  text(10, y, 'Targets: bar = measured ÷ goal; dashed line = goal; green = met', 'font-weight="bold"');
  y += 10;
  const scaleMax = 2.5;
  const x1 = LABEL + BAR / scaleMax;
  const targetsTop = y;
  for (const t of results.targets) {
    if (!Number.isFinite(t.measured)) continue;
    const rel = t.measured / t.goal;
    const len = Math.max(1, (Math.min(rel, scaleMax) / scaleMax) * BAR);
    text(10, y + 15, t.text);
    parts.push(
      `<rect x="${LABEL}" y="${y + 4}" width="${len.toFixed(1)}" height="${ROW - 8}" fill="${t.met ? GREEN : RED}"/>`,
    );
    text(LABEL + len + 5, y + 15, `${num(t.measured)} ${t.unit} (goal ${t.kind === 'min' ? '≥' : '≤'} ${t.goal})`);
    y += ROW;
  }
  parts.push(`<line x1="${x1}" y1="${targetsTop}" x2="${x1}" y2="${y}" stroke="#000" stroke-dasharray="4 3"/>`);
  y += 20;
  text(
    10,
    y,
    'Headline metrics relative to ours over TCP (dashed line = ours-tcp; longer = better)',
    'font-weight="bold"',
  );
  y += 10;
  const x1b = LABEL + BAR / scaleMax;
  const relTop = y;
  for (const [id, metric, title] of HEADLINE) {
    const w = results.workloads.find((x) => x.id === id);
    const base = w?.metrics['ours-tcp']?.[metric];
    if (!w || !base || !Number.isFinite(base.median)) continue;
    text(10, y + 15, title, 'font-style="italic"');
    y += ROW;
    for (const [contestant, metrics] of Object.entries(w.metrics)) {
      const m = metrics[metric];
      if (!m || !Number.isFinite(m.median) || contestant.startsWith('echo')) continue;
      const rel = m.better === 'higher' ? m.median / base.median : base.median / m.median;
      const len = Math.max(1, (Math.min(rel, scaleMax) / scaleMax) * BAR);
      text(30, y + 15, results.contestants[contestant] ?? contestant);
      parts.push(
        `<rect x="${LABEL}" y="${y + 4}" width="${len.toFixed(1)}" height="${ROW - 8}" fill="${contestant === 'ours-tcp' ? GREY : contestant.startsWith('ours') ? '#1565c0' : '#ef6c00'}"/>`,
      );
      text(LABEL + len + 5, y + 15, `${num(rel)}× (${num(m.median)} ${m.unit})`);
      y += ROW;
    }
  }
  parts.push(`<line x1="${x1b}" y1="${relTop}" x2="${x1b}" y2="${y}" stroke="#000" stroke-dasharray="4 3"/>`);
  y += 10;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y}" viewBox="0 0 ${W} ${y}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${y}" fill="#fff"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
