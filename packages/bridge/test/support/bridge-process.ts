// Runs the orientdb-edge-bridge CLI as a child process (as an operator would), reads its JSON log
// lines, its /metrics (from its private metrics listener, on a free loopback port unless the test
// names one), and its resident memory from /proc.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// The CLI's sources, as the bin runs them once built: tests see edits without a build.
const CLI = fileURLToPath(new URL('../../src/cli.ts', import.meta.url));

export interface BridgeProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly httpUrl: string;
  /** The private metrics listener's http://host:port. */
  readonly metricsUrl: string;
  readonly logs: Array<Record<string, unknown>>;
  readonly exited: Promise<number | null>;
  metricsText(): Promise<string>;
  metric(name: string): Promise<number>;
  rssBytes(): number;
  stop(): Promise<void>;
}

/** The flags a CLI run starts with: a free port, one upstream, and no Origin needed (the raw test clients send none). */
export function cliFlags(upstream: string, ...more: string[]): string[] {
  return ['--listen', '127.0.0.1:0', '--upstream', upstream, '--allow-missing-origin', ...more];
}

/** Lifts the per-IP limits and the upgrade rate so that `n` WebSockets from one address can open at once. */
export function burstFlags(n: number): string[] {
  return [
    '--max-connections-per-ip',
    String(2 * n),
    '--max-pending-upgrades-per-ip',
    String(2 * n),
    '--upgrade-rate-per-second',
    '0',
  ];
}

export function runBridgeCli(args: string[], env: Record<string, string> = {}): Promise<BridgeProcess> {
  const defaults = args.some((a) => a.startsWith('--metrics-listen')) ? [] : ['--metrics-listen', '127.0.0.1:0'];
  // These tests log in as root over raw bytes (CONNECT, DB_EXIST): server operations, which the policy refuses by default.
  if (!args.some((a) => a.includes('policy') || a.includes('server-ops'))) defaults.push('--allow-server-ops');
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', CLI, ...defaults, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise((resolve, reject) => {
    let pending = '';
    child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString();
      for (let nl = pending.indexOf('\n'); nl >= 0; nl = pending.indexOf('\n')) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        let record: Record<string, unknown>;
        try {
          record = JSON.parse(line) as Record<string, unknown>;
        } catch {
          reject(new Error(`not a JSON log line: ${line}`));
          return;
        }
        logs.push(record);
        if (record['msg'] === 'ready') {
          const url = String(record['url']);
          const httpUrl = url.replace(/^ws/, 'http');
          const metricsUrl = String(record['metricsUrl']);
          const metricsText = async () => (await fetch(`${metricsUrl}/metrics`)).text();
          resolve({
            child,
            url,
            httpUrl,
            metricsUrl,
            logs,
            exited,
            metricsText,
            metric: async (name) => {
              const line = (await metricsText()).split('\n').find((l) => l.startsWith(`${name} `));
              return line ? Number(line.slice(name.length + 1)) : NaN;
            },
            rssBytes: () => {
              const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
              return m ? Number(m[1]) * 1024 : NaN;
            },
            stop: async () => {
              if (child.exitCode === null) {
                child.kill('SIGKILL');
                await exited;
              }
            },
          });
        }
      }
    });
    void exited.then((code) => reject(new Error(`bridge exited with ${code} before ready: ${stderr}`)));
  });
}
