// Runs cli-child.ts in its own Node process (with the source condition, as the workspace runs
// TypeScript) and resolves when that process exits by itself, with its exit code and JSON lines.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildTask } from './cli-child.js';

const CHILD = fileURLToPath(new URL('./cli-child.ts', import.meta.url));

export interface ChildOutcome {
  code: number | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
}

/** Children still running (a test that failed before their exit): killed by killChildren(). */
const running = new Set<ChildProcess>();

/** `env`: added to this process's environment (e.g. TZ, to run the child in another local time zone). */
export function runChild(task: ChildTask, env: Record<string, string> = {}): Promise<ChildOutcome> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CHILD, JSON.stringify(task)], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  running.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    });
  });
  const read = (stream: NodeJS.ReadableStream) => new Promise<void>((resolve) => stream.on('end', resolve));
  return Promise.all([exited, read(child.stdout!), read(child.stderr!)]).then(([code]) => ({
    code,
    lines: stdout
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>),
    stderr,
  }));
}

export function killChildren(): void {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
}
