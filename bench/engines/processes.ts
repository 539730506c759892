// Reattach figures of the server runtimes (Node with its experimental WebSocket, Deno and Bun, from
// their npm packages): each sample is a new process that takes the session by token through the
// bridge, resuming the connection the previous process parked, and notes the time from its own start
// to the first rows (first-row.js).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@orientdb-edge/testkit';
import { runProcess } from '../../e2e/support/runtimes.js';
import { addSample, type Figure, figure } from './figure.js';

export type ProcessRuntime = 'node' | 'deno' | 'bun';

const SCRIPT = join(repoRoot, 'bench/engines/first-row.js');
const COMMANDS: Record<ProcessRuntime, { bin: string; args: string[]; version: string[] }> = {
  node: { bin: process.execPath, args: ['--experimental-websocket', SCRIPT], version: ['--version'] },
  deno: {
    bin: join(repoRoot, 'node_modules/.bin/deno'),
    args: ['run', '--allow-net', '--allow-env', '--allow-read', SCRIPT],
    version: ['--version'],
  },
  bun: { bin: join(repoRoot, 'node_modules/.bin/bun'), args: ['run', SCRIPT], version: ['--version'] },
};
const LABELS: Record<ProcessRuntime, string> = { node: 'Node (WebSocket)', deno: 'Deno', bun: 'Bun' };

interface Out {
  firstRowMs: number;
  rows: number;
  via?: string;
  token: string;
  parked: boolean;
}

async function runOnce(runtime: ProcessRuntime, env: Record<string, string>): Promise<Out> {
  const { bin, args } = COMMANDS[runtime];
  const { code, stdout, stderr } = await runProcess(runtime, bin, args, env);
  const line = stdout.trim().split('\n').pop() ?? '';
  if (code !== 0 || !line.startsWith('{')) throw new Error(`${runtime} exited ${code}: ${stderr || stdout}`);
  return JSON.parse(line) as Out;
}

/** `token`: a session whose connection is parked at the bridge; the figure and the token to pass on. */
export async function processFigure(
  runtime: ProcessRuntime,
  bridgeUrl: string,
  token: string,
  samples: number,
): Promise<{ figure: Figure; token: string }> {
  const { bin, version } = COMMANDS[runtime];
  // Deno adds its build in brackets: the version is enough here.
  const v = spawnSync(bin, version, { encoding: 'utf8' })
    .stdout.split('\n')[0]!
    .replace(/ \(.*\)$/, '')
    .trim();
  const f = figure(LABELS[runtime], v, 'process start → first row, token from the previous process');
  // The first process loads the runtime's caches (Deno's module graph, say); it is not counted.
  for (let i = 0; i <= samples; i++) {
    const out = await runOnce(runtime, { BRIDGE_URL: bridgeUrl, REATTACH_TOKEN: token });
    if (!out.parked) throw new Error(`${runtime}: the process could not park its connection`);
    token = out.token;
    if (i > 0) addSample(f, out.firstRowMs, out.via);
  }
  return { figure: f, token };
}
