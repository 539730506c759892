// The printed table: per workload, each contestant's medians, and each headline metric as a ratio
// to our client over TCP.
import type { BenchResults, WorkloadResult } from './results.js';

const HEADLINE: Record<string, string> = {
  a: 'p50',
  b: 'throughput',
  c: 'rowsPerSecond',
  d: 'oneByOne',
  e: 'reattach',
};

function fmt(n: number): string {
  if (!Number.isFinite(n)) return '–';
  const a = Math.abs(n);
  if (a >= 1000) return Math.round(n).toLocaleString('en');
  if (a >= 100) return n.toFixed(0);
  if (a >= 10) return n.toFixed(1);
  if (a >= 1) return n.toFixed(2);
  return n.toFixed(3);
}

function pad(cells: string[][]): string[] {
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '));
}

function workloadTable(w: WorkloadResult, labels: Record<string, string>): string[] {
  const contestants = Object.keys(w.metrics);
  if (contestants.length === 0) return [`(${w.id}) ${w.title}: no results`];
  const names = [...new Set(contestants.flatMap((c) => Object.keys(w.metrics[c]!)))];
  const headline = HEADLINE[w.id];
  const base = headline ? w.metrics['ours-tcp']?.[headline]?.median : undefined;
  const header = [
    'contestant',
    ...names.map((n) => `${n} (${w.metrics[contestants.find((c) => w.metrics[c]![n])!]![n]!.unit})`),
  ];
  if (base !== undefined) header.push(`${headline} ÷ ours-tcp`);
  const rows = contestants.map((c) => {
    const row = [labels[c] ?? c, ...names.map((n) => fmt(w.metrics[c]![n]?.median ?? NaN))];
    if (base !== undefined) row.push(fmt((w.metrics[c]![headline!]?.median ?? NaN) / base));
    return row;
  });
  return [
    `(${w.id}) ${w.title}`,
    ...pad([header, ...rows]).map((l) => `  ${l}`),
    ...w.notes.map((n) => `  note: ${n}`),
  ];
}

export function resultsTable(results: BenchResults): string {
  const lines: string[] = [];
  for (const w of results.workloads) lines.push(...workloadTable(w, results.contestants), '');
  return lines.join('\n');
}

/** The same tables as Markdown, for the README. */
export function markdownTables(results: BenchResults): string {
  const out: string[] = [];
  for (const w of results.workloads) {
    const contestants = Object.keys(w.metrics);
    if (contestants.length === 0) continue;
    const names = [...new Set(contestants.flatMap((c) => Object.keys(w.metrics[c]!)))];
    const unit = (n: string) => w.metrics[contestants.find((c) => w.metrics[c]![n])!]![n]!.unit;
    out.push(
      `**(${w.id}) ${w.title}**`,
      '',
      `| contestant | ${names.map((n) => `${n} (${unit(n)})`).join(' | ')} |`,
      `|---|${names.map(() => '---:').join('|')}|`,
    );
    for (const c of contestants)
      out.push(
        `| ${results.contestants[c] ?? c} | ${names.map((n) => fmt(w.metrics[c]![n]?.median ?? NaN)).join(' | ')} |`,
      );
    out.push('');
  }
  return out.join('\n');
}
