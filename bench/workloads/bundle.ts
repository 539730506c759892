// (f) The browser bundle: our client with everything it imports (msgpackr included), built by esbuild
// with the client's own browser settings, minified, then gzipped (level 9).
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { browserBundle } from '../../packages/client/scripts/build-config.js';
import { Collector, type WorkloadResult } from '../lib/results.js';
import type { RunEnv } from './env.js';

export async function runBundle(env: RunEnv): Promise<WorkloadResult> {
  const c = new Collector('f', 'Browser bundle size (esbuild, platform=browser, minified, msgpackr included)');
  try {
    const out = await build({
      ...browserBundle,
      write: false,
      sourcemap: false,
      metafile: true,
      outfile: 'orientdb-edge.browser.js',
    });
    const js = out.outputFiles!.find((f) => f.path.endsWith('.js'))!.contents;
    const gz = gzipSync(js, { level: 9 }).length;
    c.add('ours', 'minified', js.length, 'bytes', 'lower');
    c.add('ours', 'gzipped', gz, 'bytes', 'lower');
    const output = Object.values(out.metafile!.outputs)[0]!;
    let msgpackr = 0;
    const byDir = new Map<string, number>();
    for (const [path, info] of Object.entries(output.inputs)) {
      if (path.includes('msgpackr')) msgpackr += info.bytesInOutput;
      const dir = path.includes('node_modules')
        ? 'msgpackr'
        : path
            .replace(/^.*?src\//, '')
            .split('/')
            .slice(0, -1)
            .join('/') || 'src';
      byDir.set(dir, (byDir.get(dir) ?? 0) + info.bytesInOutput);
    }
    c.add('ours', 'msgpackrMinified', msgpackr, 'bytes', 'lower');
    const bare = await build({
      ...browserBundle,
      write: false,
      sourcemap: false,
      external: ['msgpackr'],
      outfile: 'orientdb-edge.browser.js',
    });
    const bareJs = bare.outputFiles!.find((f) => f.path.endsWith('.js'))!.contents;
    c.add('ours', 'gzippedWithoutMsgpackr', gzipSync(bareJs, { level: 9 }).length, 'bytes', 'lower');
    c.note(
      `minified bytes by folder: ${[...byDir]
        .sort((a, b) => b[1] - a[1])
        .map(([d, b]) => `${d} ${b}`)
        .join(', ')}`,
    );
    env.trace(`f: ${js.length} B minified, ${gz} B gzipped`);
  } catch (error) {
    env.fail('f/ours', error);
  }
  return c.result;
}
