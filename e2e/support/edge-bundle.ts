// Bundles an edge entry (a Worker module or an edge function) from the workspace's TypeScript sources
// (the `source` export condition) into one file for a runtime that cannot resolve packages itself.
import { build } from 'esbuild';
import { join } from 'node:path';
import { repoRoot } from '@orientdb-edge/testkit';

export async function bundleEdge(entry: string, outfile: string, format: 'esm' | 'iife'): Promise<void> {
  await build({
    absWorkingDir: repoRoot,
    entryPoints: [join(repoRoot, entry)],
    outfile,
    bundle: true,
    format,
    platform: 'neutral',
    mainFields: ['module', 'main'],
    conditions: ['source', 'worker', 'browser'],
    target: 'es2022',
    external: ['cloudflare:*'],
    logLevel: 'silent',
  });
}
