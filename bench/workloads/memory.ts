// (g) Memory: our client's heap while streaming many rows (a child process with --expose-gc), and the
// bridge's RSS per idle connection (a fresh bridge process, N WebSockets past hello/welcome).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import { encodeHello, SUBPROTOCOL } from '@orientdb-edge/bridge';
import { startBridgeProcess } from '../lib/bridge-process.js';
import { Collector, type WorkloadResult } from '../lib/results.js';
import { slope } from '../lib/stats.js';
import type { RunEnv } from './env.js';

const MB = 1024 * 1024;

interface StreamReport {
  rows: number;
  ms: number;
  baseline: number;
  found: Array<[number, number]>;
  afterGc: Array<[number, number]>;
}

function streamInChild(env: RunEnv): Promise<StreamReport> {
  const { ctx } = env;
  const args = JSON.stringify({
    host: ctx.host,
    port: ctx.port,
    db: ctx.data.db.name,
    user: ctx.data.db.user,
    password: ctx.data.db.password,
    sql: ctx.data.sql.stream,
    pageSize: ctx.sizes.pageSize,
  });
  const child = spawn(
    process.execPath,
    [
      '--expose-gc',
      '--conditions=source',
      '--import',
      'tsx',
      fileURLToPath(new URL('./memory-child.ts', import.meta.url)),
      args,
    ],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => {
      if (code !== 0) {
        reject(new Error(`memory child exited with ${code}`));
        return;
      }
      try {
        resolve(JSON.parse(out.trim().split('\n').pop()!) as StreamReport);
      } catch (e) {
        reject(e);
      }
    });
  });
}

async function openIdle(url: string, count: number): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  const hello = encodeHello({ v: 1 });
  const openOne = () =>
    new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, SUBPROTOCOL);
      let messages = 0;
      let bytes = 0;
      ws.once('open', () => ws.send(hello));
      ws.on('message', (data: Buffer) => {
        messages++;
        if (messages > 1) bytes += data.length;
        if (bytes >= 2) resolve(ws);
      });
      ws.once('error', reject);
      ws.once('close', (code) => reject(new Error(`idle socket closed with ${code}`)));
    });
  for (let i = 0; i < count; i += 50) {
    sockets.push(...(await Promise.all(Array.from({ length: Math.min(50, count - i) }, openOne))));
  }
  return sockets;
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error('the bridge kept connections open');
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runMemory(env: RunEnv): Promise<WorkloadResult> {
  const { sizes } = env.options;
  const c = new Collector(
    'g',
    `Memory: client heap streaming ${sizes.streamRows.toLocaleString('en')} rows; bridge RSS per idle connection (${sizes.idleSockets} connections)`,
  );
  if (env.options.contestants.includes('ours-tcp')) {
    try {
      const r = await streamInChild(env);
      if (r.rows !== sizes.streamRows) throw new Error(`streamed ${r.rows} rows, expected ${sizes.streamRows}`);
      const heaps = r.found.map(([, h]) => h);
      const gcRows = r.afterGc.map(([n]) => n);
      const gcHeaps = r.afterGc.map(([, h]) => h);
      const perMillion = slope(gcRows, gcHeaps) * 1_000_000;
      c.add('ours-tcp', 'heapMinMB', Math.min(...heaps) / MB, 'MB', 'lower');
      c.add('ours-tcp', 'heapMaxMB', Math.max(...heaps) / MB, 'MB', 'lower');
      c.add('ours-tcp', 'heapAfterGcGrowthMB', (Math.max(...gcHeaps) - gcHeaps[0]!) / MB, 'MB', 'lower');
      c.add('ours-tcp', 'slopeMBPerMillionRows', perMillion / MB, 'MB per 1M rows', 'lower');
      c.add('ours-tcp', 'rowsPerSecond', r.rows / (r.ms / 1000), 'rows/s', 'higher');
      c.note(`stream heap after GC every 100k rows (MB): ${gcHeaps.map((h) => (h / MB).toFixed(1)).join(' ')}`);
      env.trace(
        `g stream: heap ${(Math.min(...heaps) / MB).toFixed(1)}..${(Math.max(...heaps) / MB).toFixed(1)} MB, slope ${(perMillion / MB).toFixed(2)} MB/1M rows`,
      );
    } catch (error) {
      env.fail('g/stream', error);
    }
  }
  if (env.options.contestants.includes('ours-bridge')) {
    const bridge = await startBridgeProcess(`${env.ctx.host}:${env.ctx.port}`);
    let sockets: WebSocket[] = [];
    try {
      // One open-and-close pass first, so the allocator's pools are already grown and RSS after GC moves with the live connections only.
      const warm = await openIdle(bridge.url, sizes.idleSockets);
      for (const ws of warm) ws.close(1000);
      await waitUntil(async () => (await bridge.stats(false)).open === 0);
      const before = await bridge.stats();
      sockets = await openIdle(bridge.url, sizes.idleSockets);
      await new Promise((r) => setTimeout(r, 500));
      const after = await bridge.stats();
      if (after.open < sizes.idleSockets)
        throw new Error(`bridge reports ${after.open} open connections, expected ${sizes.idleSockets}`);
      c.add('bridge', 'rssPerConnectionKB', (after.rss - before.rss) / sizes.idleSockets / 1024, 'KB', 'lower');
      c.add(
        'bridge',
        'heapPerConnectionKB',
        (after.heapUsed - before.heapUsed) / sizes.idleSockets / 1024,
        'KB',
        'lower',
      );
      c.add('bridge', 'rssIdleMB', before.rss / MB, 'MB', 'lower');
      c.add('bridge', 'rssLoadedMB', after.rss / MB, 'MB', 'lower');
      env.trace(
        `g bridge: ${(before.rss / MB).toFixed(1)} → ${(after.rss / MB).toFixed(1)} MB RSS with ${after.open} connections`,
      );
    } catch (error) {
      env.fail('g/bridge', error);
    } finally {
      for (const ws of sockets) ws.terminate();
      await bridge.stop();
    }
  }
  return c.result;
}
