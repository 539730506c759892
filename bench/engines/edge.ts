// Reattach figures of the edge runtimes: a Cloudflare Worker in workerd whose token is kept in a Durable
// Object (each request reattaches from it and parks the connection for the next), timed by the Worker
// from the request's start to the first rows; and an edge function in Vercel's edge-runtime whose
// invocations take the session by token, timed from the invocation's start to the first rows.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot, type TestDatabase } from '@orientdb-edge/testkit';
import { bundleEdge } from '../../e2e/support/edge-bundle.js';
import { startEdgeRuntime } from '../../e2e/support/edge-runtime.js';
import { startWorkerd, workerdBinary } from '../../e2e/support/workerd.js';
import { addSample, type Figure, figure } from './figure.js';

interface Answer {
  firstRowMs?: number;
  via?: string;
  error?: string;
}

export async function workerdFigure(bridgeUrl: string, db: TestDatabase, samples: number): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'orientdb-edge-bench-workerd-'));
  try {
    await bundleEdge('e2e/runtimes/workerd/worker.ts', join(dir, 'worker.js'), 'esm');
    const workerd = await startWorkerd(dir);
    try {
      const version = spawnSync(await workerdBinary(), ['--version'], { encoding: 'utf8' }).stdout.trim();
      const f = figure('workerd', version, 'request start → first row, token from a Durable Object');
      const ask = async (params: Record<string, string>) => {
        const a = (await (await fetch(`${workerd.url}/?${new URLSearchParams(params)}`)).json()) as Answer;
        if (a.error || a.firstRowMs === undefined) throw new Error(`workerd: ${a.error ?? 'no timing'}`);
        return a;
      };
      await ask({ bridge: bridgeUrl, db: db.name, user: db.user, password: db.password });
      // The first reattach compiles the Worker's paths through it; it is not counted.
      for (let i = 0; i <= samples; i++) {
        const a = await ask({ bridge: bridgeUrl });
        if (i > 0) addSample(f, a.firstRowMs!, a.via);
      }
      return f;
    } finally {
      await workerd.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function edgeRuntimeFigure(bridgeUrl: string, db: TestDatabase, samples: number): Promise<Figure> {
  const dir = mkdtempSync(join(tmpdir(), 'orientdb-edge-bench-edge-'));
  try {
    const bundle = join(dir, 'edge-function.js');
    await bundleEdge('e2e/runtimes/edge/edge-function.ts', bundle, 'iife');
    const edge = startEdgeRuntime(bundle);
    try {
      const pkg = JSON.parse(readFileSync(join(repoRoot, 'e2e/node_modules/edge-runtime/package.json'), 'utf8')) as {
        version: string;
      };
      const f = figure('edge-runtime', pkg.version, 'invocation start → first row, token passed in');
      const params = { bridge: bridgeUrl, db: db.name, user: db.user, password: db.password };
      let { token } = await edge.call<{ token: string }>(`edge.login(${JSON.stringify(params)})`);
      for (let i = 0; i <= samples; i++) {
        const a = await edge.call<{ firstRowMs: number; via: string; token: string }>(
          `edge.reattach(${JSON.stringify({ bridge: bridgeUrl, token })})`,
        );
        token = a.token;
        if (i > 0) addSample(f, a.firstRowMs, a.via);
      }
      return f;
    } finally {
      await edge.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
