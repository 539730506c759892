// Starts the bridge as a child process (node --expose-gc with tsx) and reads its memory on request.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface BridgeStats {
  rss: number;
  heapUsed: number;
  open: number;
  parked: number;
}

export interface BridgeProcess {
  url: string;
  pid: number;
  /** RSS and heap after a GC (unless gc is false), and the bridge's connection counts. */
  stats(gc?: boolean): Promise<BridgeStats>;
  stop(): Promise<void>;
}

export async function startBridgeProcess(upstream: string, allowOrigins: string[] = []): Promise<BridgeProcess> {
  const child: ChildProcess = fork(
    fileURLToPath(new URL('./bridge-child.ts', import.meta.url)),
    [upstream, ...allowOrigins],
    {
      execArgv: [
        '--expose-gc',
        '--conditions=source',
        '--import',
        'tsx',
        ...(process.env.BENCH_BRIDGE_CPU_PROF
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_BRIDGE_CPU_PROF}`]
          : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (m: { type: string; url: string }) =>
      m.type === 'ready' ? resolve(m.url) : reject(new Error('bridge: unexpected message')),
    );
    child.once('exit', (code) => reject(new Error(`bridge process exited during start (code ${code})`)));
  });
  return {
    url,
    pid: child.pid!,
    stats: (gc = true) =>
      new Promise<BridgeStats>((resolve) => {
        const on = (m: { type: string } & BridgeStats) => {
          if (m.type === 'stats') {
            child.off('message', on);
            resolve(m);
          }
        };
        child.on('message', on);
        child.send({ type: 'stats', gc });
      }),
    async stop() {
      if (child.exitCode !== null) return;
      child.send({ type: 'close' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
