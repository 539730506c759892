// Runs test layers with node's test runner, one invocation per layer (each layer's time is printed),
// against one shared real OrientDB server started here when any layer beyond unit is asked for; then
// the `versions` layer: the protocol tests and the route table on every other OrientDB version of the
// matrix (scripts/version-matrix.ts), each version's time printed.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  describeServer,
  orientdbVersion,
  repoRoot,
  SHARED_SERVER_ENV,
  startOrientDB,
  type OrientDBServer,
} from '@orientdb-edge/testkit';
import { matrixVersions, runVersions, versionLines } from './version-matrix.js';

type FileLayer = 'unit' | 'integration' | 'e2e' | 'packaging';
type Layer = FileLayer | 'versions';
const LAYERS: Record<FileLayer, string[]> = {
  unit: ['packages/client/test/unit', 'packages/bridge/test/unit', 'packages/testkit/test/unit'],
  integration: [
    'packages/client/test/integration',
    'packages/bridge/test/integration',
    'packages/testkit/test/integration',
  ],
  e2e: ['e2e/tests'],
  // Packs both packages, installs the tarballs outside the workspace, runs them from there.
  packaging: ['e2e/packaging'],
};

function testFiles(dir: string): string[] {
  const abs = join(repoRoot, dir);
  if (!existsSync(abs)) return [];
  return (readdirSync(abs, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => relative(repoRoot, join(abs, f)))
    .sort();
}

const isFileLayer = (layer: string): layer is FileLayer => layer in LAYERS;
const args = process.argv.slice(2);
const filter = args.slice(1);
// `all` is every file layer and, unless a path filter narrows the files, the other versions.
const asked: Layer[] =
  (args[0] ?? 'all') === 'all'
    ? [...(Object.keys(LAYERS) as FileLayer[]), ...(filter.length ? [] : ['versions' as const])]
    : (args[0]!.split(',') as Layer[]);
const unknown = asked.find((layer) => !isFileLayer(layer) && layer !== 'versions');
if (unknown) {
  console.error(`unknown layer ${unknown}; use unit, integration, e2e, packaging, versions or all`);
  process.exit(2);
}
const fileLayers = asked.filter(isFileLayer);
let files = fileLayers.flatMap((layer) => LAYERS[layer].flatMap(testFiles));
if (filter.length) files = files.filter((f) => filter.some((word) => f.includes(word)));
if (files.length === 0 && fileLayers.length > 0) {
  console.error('no test files found');
  process.exit(1);
}

let server: OrientDBServer | undefined;
const needsServer = files.length > 0 && fileLayers.some((l) => l !== 'unit');
const env = { ...process.env };
if (needsServer) {
  if (fileLayers.includes('e2e') && !process.env.SKIP_CLIENT_BUILD) await buildClient();
  server = await startOrientDB();
  console.log(
    `OrientDB ${server.version} (protocol ${server.protocolVersion}) on ${server.host}:${server.port}, http ${server.httpPort}; started in ${Math.round(server.startMs)} ms`,
  );
  env[SHARED_SERVER_ENV] = JSON.stringify(describeServer(server));
}

const stopServer = async () => {
  await server?.stop();
  server = undefined;
};
process.on('SIGINT', () => {
  void stopServer().then(() => process.exit(130));
});
process.on('SIGTERM', () => {
  void stopServer().then(() => process.exit(143));
});

/** One layer's files in one node --test run; its exit code. */
const runFiles = (layerFiles: string[]) =>
  new Promise<number>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=source',
        '--import',
        'tsx',
        '--test',
        '--test-concurrency=2',
        '--test-timeout=300000',
        ...layerFiles,
      ],
      { cwd: repoRoot, env, stdio: ['inherit', 'pipe', 'inherit'] },
    );
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      countTests(chunk.toString('utf8'));
    });
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
  });

/** Tests passed and failed over every layer and version, from the runners' `# pass N` / `# fail N` lines. */
const tally = { pass: 0, fail: 0 };
let partial = '';
function countTests(text: string): void {
  const lines = (partial + text).split('\n');
  partial = lines.pop() ?? '';
  for (const line of lines) {
    const m = /^# (pass|fail) (\d+)$/.exec(line);
    if (m) tally[m[1] as 'pass' | 'fail'] += Number(m[2]);
  }
}

// Layer after layer, so that each layer's time can be told; a failed layer does not stop the next
// ones (one run shows every failure), and the run fails if any did.
let code = 0;
const times: string[] = [];
for (const layer of fileLayers) {
  const layerFiles = files.filter((f) => LAYERS[layer].some((dir) => f.startsWith(`${dir}/`)));
  if (layerFiles.length === 0) continue;
  const began = performance.now();
  const layerCode = await runFiles(layerFiles);
  const line = `layer ${layer}: ${((performance.now() - began) / 1000).toFixed(1)} s, ${layerFiles.length} files, ${layerCode === 0 ? 'passed' : 'FAILED'}`;
  console.log(`# ${line}`);
  times.push(line);
  if (layerCode !== 0) code = layerCode;
}

if (code !== 0 && server) {
  console.error(`--- OrientDB log tail (${server.logPath}) ---\n${server.logTail(80)}`);
}
const mainVersion = server?.version ?? orientdbVersion();
await stopServer();

// The other versions after the main server stopped, so that their servers have the CPUs to themselves.
if (asked.includes('versions')) {
  const others = matrixVersions().filter((v) => v !== mainVersion);
  const began = performance.now();
  const outcomes = await runVersions(others);
  const failed = outcomes.some((o) => o.code !== 0);
  const line = `layer versions: ${((performance.now() - began) / 1000).toFixed(1)} s, OrientDB ${others.join(', ')}, ${failed ? 'FAILED' : 'passed'}`;
  const perVersion = versionLines(outcomes, false);
  for (const v of perVersion) console.log(`# ${v}`);
  console.log(`# ${line}`);
  times.push(line, ...perVersion.map((v) => `  ${v}`));
  for (const o of outcomes) for (const c of o.counts) countTests(`# ${c}\n`);
  if (failed) code = 1;
}
if (times.length > 1) console.log(`# layer times (main layers on OrientDB ${mainVersion}):\n# ${times.join('\n# ')}`);
console.log(`tests: ${tally.pass} passed, ${tally.fail} failed`);
process.exit(code);

async function buildClient(): Promise<void> {
  const script = join(repoRoot, 'packages/client/scripts/build.ts');
  if (!existsSync(script)) return;
  const c = await new Promise<number>((resolve) => {
    spawn(process.execPath, ['--import', 'tsx', script], {
      cwd: join(repoRoot, 'packages/client'),
      stdio: 'inherit',
    }).on('exit', (x) => resolve(x ?? 1));
  });
  if (c !== 0) {
    console.error('client build failed');
    process.exit(c);
  }
}
