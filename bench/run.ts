// `pnpm bench`: starts one real OrientDB, seeds it, runs every selected contestant through every
// selected workload in interleaved rounds, prints the table and writes results/latest.{json,svg}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { repoRoot, startOrientDB, type OrientDBServer } from '@orientdb-edge/testkit';
import { oursTcpContestant } from './contestants/ours-tcp.js';
import { oursBridgeContestant } from './contestants/ours-bridge.js';
import { oursChromiumContestant } from './contestants/ours-chromium.js';
import { orientjsContestant } from './contestants/orientjs.js';
import { rawContestant } from './contestants/raw.js';
import { restContestant } from './contestants/rest.js';
import { restChromiumContestant } from './contestants/rest-chromium.js';
import type { BenchContext, Contestant } from './contestants/types.js';
import { startBridgeProcess, type BridgeProcess } from './lib/bridge-process.js';
import { machineInfo } from './lib/machine.js';
import { HELP, parseOptions, type ContestantId, type WorkloadId } from './lib/options.js';
import { servePages, type PageServer } from './lib/page-server.js';
import type { BenchResults, WorkloadResult } from './lib/results.js';
import { seed } from './lib/seed.js';
import { chartSvg } from './lib/svg.js';
import { markdownTables, resultsTable } from './lib/table.js';
import { computeTargets, targetLines } from './lib/targets.js';
import type { RunEnv } from './workloads/env.js';
import { runBundle } from './workloads/bundle.js';
import { runConcurrent } from './workloads/concurrent.js';
import { runCreate } from './workloads/create.js';
import { runDecode } from './workloads/decode.js';
import { runMemory } from './workloads/memory.js';
import { runPoint } from './workloads/point.js';
import { runPool } from './workloads/pool.js';
import { runReattach } from './workloads/reattach.js';

const RUNNERS: Record<WorkloadId, (env: RunEnv) => Promise<WorkloadResult>> = {
  a: runPoint,
  b: runConcurrent,
  c: runDecode,
  d: runCreate,
  e: runReattach,
  f: runBundle,
  g: runMemory,
  h: runPool,
};

const parsed = parseOptions(process.argv.slice(2), fileURLToPath(new URL('./results', import.meta.url)));
if (parsed === 'help') {
  console.log(HELP);
  process.exit(0);
}
const options = parsed;
const log = (line: string) => console.log(line);
const began = performance.now();
const startedAt = new Date().toISOString();
const errors: string[] = [];
const loadAtStart = Number(loadavg()[0]!.toFixed(2));

function buildBrowserBundle(): void {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'packages/client/scripts/build.ts')], {
    cwd: join(repoRoot, 'packages/client'),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`client build failed: ${r.stderr || r.stdout}`);
}

let server: OrientDBServer | undefined;
let bridge: BridgeProcess | undefined;
let pages: PageServer | undefined;
const contestants: Contestant[] = [];

async function cleanup(): Promise<void> {
  for (const c of contestants) await c.dispose().catch(() => undefined);
  await bridge?.stop().catch(() => undefined);
  await pages?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
}
let finished = false;
process.once('exit', (code) => {
  if (!finished && code === 0) {
    console.error(
      'bench: stopped early: the event loop emptied while a step was still waiting (a promise that never settled)',
    );
    process.exitCode = 1;
  }
});
process.once('SIGINT', () => {
  void cleanup().then(() => process.exit(130));
});

try {
  const wants = (id: ContestantId) => options.contestants.includes(id);
  const inPage = options.workloads.some((w) => w === 'a' || w === 'e');
  const needsChromium = wants('ours-chromium') && inPage;
  const needsRestChromium =
    wants('rest-chromium') && options.workloads.some((w) => w === 'a' || w === 'c' || w === 'e');
  // Before the server: its HTTP listener sends CORS headers for this origin (the REST page's fetch with the cookie).
  if (needsChromium || needsRestChromium) pages = await servePages();
  // OrientDB's own password hashing defaults (the testkit lowers them to speed tests up), so a login costs what it costs in production.
  server = await startOrientDB({
    heap: '-Xms512m -Xmx2g',
    properties: {
      'security.userPasswordSaltIterations': 65536,
      'security.userPasswordDefaultAlgorithm': 'PBKDF2WithHmacSHA256',
    },
    httpResponseHeaders: pages
      ? { 'Access-Control-Allow-Origin': pages.origin, 'Access-Control-Allow-Credentials': 'true' }
      : undefined,
  });
  log(
    `OrientDB ${server.version} (protocol ${server.protocolVersion}) on ${server.host}:${server.port}; started in ${(server.startMs / 1000).toFixed(1)} s`,
  );
  const data = await seed(server, options.sizes, log);
  if (needsChromium) buildBrowserBundle();
  if (wants('ours-bridge') || wants('raw-bridge') || needsChromium) {
    bridge = await startBridgeProcess(`${server.host}:${server.port}`, pages ? [pages.origin] : []);
    log(`bridge (pid ${bridge.pid}) on ${bridge.url}`);
  }
  const ctx: BenchContext = {
    host: server.host,
    port: server.port,
    httpPort: server.httpPort,
    bridgeUrl: bridge?.url,
    pageOrigin: pages?.origin,
    data,
    bridgeParked: bridge ? async () => (await bridge!.stats(false)).parked : undefined,
    sizes: options.sizes,
    log,
  };
  const factories: Record<ContestantId, (c: BenchContext) => Contestant> = {
    'ours-tcp': oursTcpContestant,
    'ours-bridge': oursBridgeContestant,
    'ours-chromium': oursChromiumContestant,
    orientjs: orientjsContestant,
    raw: (c) => rawContestant(c),
    'raw-bridge': (c) => rawContestant(c, true),
    rest: restContestant,
    'rest-chromium': restChromiumContestant,
  };
  for (const id of options.contestants) {
    if (id === 'ours-chromium' && !needsChromium) continue;
    if (id === 'rest-chromium' && !needsRestChromium) continue;
    contestants.push(factories[id](ctx));
  }
  const env: RunEnv = {
    ctx,
    options,
    contestants,
    server,
    bridge,
    log,
    trace: (line) => {
      if (options.verbose) log(`  ${line}`);
    },
    fail: (where, error) => {
      const message = `${where}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`;
      errors.push(message);
      log(`  FAILED ${message}`);
    },
  };

  const workloads: WorkloadResult[] = [];
  for (const id of options.workloads) {
    const t = performance.now();
    log(`workload ${id}…`);
    workloads.push(await RUNNERS[id](env));
    log(`workload ${id} done in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }

  const results: BenchResults = {
    startedAt,
    durationSeconds: Math.round((performance.now() - began) / 1000),
    quick: options.quick,
    rounds: options.rounds,
    machine: { ...machineInfo(), loadAverage1mAtStart: loadAtStart },
    server: { version: server.version, protocolVersion: server.protocolVersion },
    sizes: { ...options.sizes },
    contestants: Object.fromEntries([
      ...contestants.map((c) => [c.id, c.label]),
      ['bridge', 'bridge process'],
      ['ours', 'ours (browser bundle)'],
      ['echo', 'TCP echo in another process (floor)'],
      ['echo-relay', 'TCP echo through a relay process (floor)'],
      ['ours-tcp-one', 'ours over TCP, one connection'],
      ['orientjs-one', 'orientjs, a pool of one session'],
    ]),
    workloads,
    targets: computeTargets(workloads),
    errors,
  };
  console.log(
    `\nOrientDB ${results.server.version}; ${results.machine['cpus']}× ${results.machine['cpuModel']}, ${results.machine['memoryGB']} GB; Node ${results.machine['node']}; ${results.machine['java']}; load average ${loadAtStart} at start, ${results.machine['loadAverage1m']} at end (${results.machine['cpus']} CPUs)`,
  );
  console.log(
    `medians of ${options.rounds} rounds${options.quick ? ' (quick)' : ''}; sizes ${JSON.stringify(options.sizes)}\n`,
  );
  console.log(resultsTable(results));
  console.log('Targets:');
  for (const line of targetLines(results)) console.log(`  ${line}`);
  if (errors.length) console.log(`\n${errors.length} failure(s):\n  ${errors.join('\n  ')}`);
  mkdirSync(options.outDir, { recursive: true });
  writeFileSync(join(options.outDir, 'latest.json'), JSON.stringify(results, null, 2) + '\n');
  writeFileSync(join(options.outDir, 'latest.svg'), chartSvg(results));
  writeFileSync(
    join(options.outDir, 'latest.md'),
    [
      `OrientDB ${results.server.version} (protocol ${results.server.protocolVersion}); ${results.machine['cpus']}× ${results.machine['cpuModel']}, ${results.machine['memoryGB']} GB; Node ${results.machine['node']}; ${results.machine['java']}; load average ${loadAtStart} → ${results.machine['loadAverage1m']}. Medians of ${options.rounds} rounds${options.quick ? ' (--quick sizes)' : ''}; ${startedAt}.`,
      '',
      markdownTables(results),
      '**Targets**',
      '',
      ...targetLines(results).map((l) => `- ${l}`),
      '',
    ].join('\n'),
  );
  finished = true;
  console.log(`\nwrote latest.json, latest.svg and latest.md to ${options.outDir} in ${results.durationSeconds} s`);
} finally {
  await cleanup();
}
