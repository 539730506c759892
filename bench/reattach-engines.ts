// `pnpm bench:reattach [--samples N] [--only chromium,deno,...]`: each
// engine's reattach figure side by side, in one run against one real OrientDB and one bridge (its own
// process): the time from a reload's navigation start (browsers), a process's start (Node, Deno, Bun), a
// request's or an invocation's start (workerd, edge-runtime) to the first rows, reattaching with the
// stored token by resuming the connection the previous load parked at the bridge. Medians of N samples
// (default 7) after one uncounted warm-up; prints a table and writes results/reattach-engines.{json,md}.
// The client's dist/ must be built: pnpm bench:reattach builds it first.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { describeServer, startOrientDB } from '@orientdb-edge/testkit';
import { OrientDB, type WebSocketConstructor } from '@orientdb-edge/client';
import { nodesDatabase } from '../e2e/support/fixtures.js';
import { serveStatic } from '../e2e/support/static-server.js';
import { browserFigure } from './engines/browsers.js';
import { edgeRuntimeFigure, workerdFigure } from './engines/edge.js';
import type { Figure } from './engines/figure.js';
import { summary } from './engines/figure.js';
import { processFigure, type ProcessRuntime } from './engines/processes.js';
import { startBridgeProcess } from './lib/bridge-process.js';
import { machineInfo } from './lib/machine.js';

const ENGINES = ['chromium', 'firefox', 'webkit', 'node', 'deno', 'bun', 'workerd', 'edge-runtime'] as const;
type EngineId = (typeof ENGINES)[number];

function parseArgs(argv: string[]): { samples: number; only: EngineId[] } {
  let samples = 7;
  let only: EngineId[] = [...ENGINES];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--samples') samples = Number(argv[++i]);
    else if (argv[i] === '--only') only = argv[++i]!.split(',') as EngineId[];
    else throw new Error(`unknown argument ${argv[i]}; use --samples N and --only ${ENGINES.join(',')}`);
  }
  if (!Number.isInteger(samples) || samples < 1) throw new Error('--samples takes a positive whole number');
  const unknown = only.find((e) => !ENGINES.includes(e));
  if (unknown) throw new Error(`unknown engine ${unknown}; one of ${ENGINES.join(', ')}`);
  return { samples, only };
}

const { samples, only } = parseArgs(process.argv.slice(2));
const server = await startOrientDB();
const web = await serveStatic();
const bridge = await startBridgeProcess(`${server.host}:${server.port}`, [web.origin]);
const figures: Figure[] = [];
const failures: string[] = [];
try {
  const db = await nodesDatabase(describeServer(server));
  // The server runtimes pass one session from process to process: it starts parked, logged in here.
  const first = new OrientDB({
    url: bridge.url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    tokenStore: null,
    keepAlive: false,
  });
  await first.dbOpen(db.name, db.user, db.password);
  let token = first.getSessionToken();
  first.park();
  for (const id of only) {
    const began = performance.now();
    try {
      if (id === 'chromium' || id === 'firefox' || id === 'webkit')
        figures.push(await browserFigure(id, web.origin, bridge.url, db, samples));
      else if (id === 'workerd') figures.push(await workerdFigure(bridge.url, db, samples));
      else if (id === 'edge-runtime') figures.push(await edgeRuntimeFigure(bridge.url, db, samples));
      else {
        const r = await processFigure(id as ProcessRuntime, bridge.url, token, samples);
        figures.push(r.figure);
        token = r.token;
      }
      console.error(`${id}: ${((performance.now() - began) / 1000).toFixed(1)} s`);
    } catch (error) {
      failures.push(`${id}: ${(error as Error).message}`);
      console.error(`${id} FAILED: ${(error as Error).message}`);
    }
  }
} finally {
  await bridge.stop();
  await web.close();
  await server.stop();
}

const rows = figures.map((f) => {
  const s = summary(f);
  const routes = Object.entries(f.routes)
    .map(([r, n]) => `${r} ×${n}`)
    .join(', ');
  return [f.engine, f.version, s.median.toFixed(1), `${s.min.toFixed(1)}–${s.max.toFixed(1)}`, routes, f.timed];
});
const header = ['engine', 'version', 'median ms', 'min–max ms', 'routes', 'timed'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ');
const machine = machineInfo();
console.log(
  `Reattach figures: time to the first rows with a stored token, median of ${samples} (OrientDB ${server.version}, ${machine.cpus} CPUs, load ${machine.loadAverage1m})`,
);
console.log(line(header));
for (const r of rows) console.log(line(r));
for (const f of failures) console.log(`FAILED ${f}`);

const out = fileURLToPath(new URL('./results', import.meta.url));
mkdirSync(out, { recursive: true });
writeFileSync(
  join(out, 'reattach-engines.json'),
  `${JSON.stringify({ at: new Date().toISOString(), samples, orientdb: server.version, machine, figures, failures }, null, 2)}\n`,
);
writeFileSync(
  join(out, 'reattach-engines.md'),
  [
    `Time to the first rows with a stored token (the parked connection resumed), median of ${samples} samples, OrientDB ${server.version}, ${machine.cpus} CPUs (${machine.cpuModel}), load ${machine.loadAverage1m}.`,
    '',
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    ...failures.map((f) => `\nFAILED ${f}`),
    '',
  ].join('\n'),
);
process.exit(failures.length ? 1 : 0);
