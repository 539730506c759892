// Runs a script in Deno or Bun (from their npm packages) and returns its output.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '@orientdb-edge/testkit';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

function runtimeBin(name: 'deno' | 'bun'): string {
  return join(repoRoot, 'node_modules', '.bin', name);
}

export function runScript(
  name: 'deno' | 'bun',
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<RunResult> {
  return runProcess(name, runtimeBin(name), args, env, timeoutMs);
}

/** Runs `bin` from the repository's root with `env` added, killed after `timeoutMs`; `name` is for errors. */
export function runProcess(
  name: string,
  bin: string,
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: repoRoot,
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} timed out after ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

/** The last line of stdout parsed as JSON (scripts print their result there). */
export function lastJson(out: string): unknown {
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!);
}
