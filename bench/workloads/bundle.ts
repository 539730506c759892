// (f) The browser bundle: our client with everything it imports (msgpackr included), built as the client's
// build writes it (packages/client/scripts/browser-bundle.ts: esbuild, then terser), then gzipped (level 9).
// Counted: what a page loads with the entry (it and the files it imports statically); the parts loaded on
// first use are noted apart.
import { gzipSync } from 'node:zlib';
import { buildBrowserBundle } from '../../packages/client/scripts/browser-bundle.js';
import { loadedWithEntry } from '../../packages/client/scripts/build-config.js';
import { Collector, type WorkloadResult } from '../lib/results.js';
import type { RunEnv } from './env.js';

export async function runBundle(env: RunEnv): Promise<WorkloadResult> {
  const c = new Collector('f', 'Browser bundle size (esbuild then terser, platform=browser, msgpackr included)');
  try {
    const measure = async (external: string[]) => {
      const out = await buildBrowserBundle({ external });
      const contents = out.files;
      const loaded = loadedWithEntry(out.metafile);
      let minified = 0;
      let gzipped = 0;
      for (const path of loaded) {
        const js = contents.get(path)!;
        minified += js.length;
        gzipped += gzipSync(js, { level: 9 }).length;
      }
      const later = [...contents.keys()].filter((path) => path.endsWith('.js') && !loaded.includes(path));
      return { out, loaded, later, minified, gzipped };
    };
    const all = await measure([]);
    c.add('ours', 'minified', all.minified, 'bytes', 'lower');
    c.add('ours', 'gzipped', all.gzipped, 'bytes', 'lower');
    let msgpackr = 0;
    const byDir = new Map<string, number>();
    for (const path of all.loaded) {
      for (const [input, info] of Object.entries(all.out.metafile.outputs[path]!.inputs)) {
        if (input.includes('msgpackr')) msgpackr += info.bytesInOutput;
        const dir = input.includes('node_modules')
          ? 'msgpackr'
          : input
              .replace(/^.*?src\//, '')
              .split('/')
              .slice(0, -1)
              .join('/') || 'src';
        byDir.set(dir, (byDir.get(dir) ?? 0) + info.bytesInOutput);
      }
    }
    c.add('ours', 'msgpackrMinified', msgpackr, 'bytes', 'lower');
    c.add('ours', 'gzippedWithoutMsgpackr', (await measure(['msgpackr'])).gzipped, 'bytes', 'lower');
    c.note(
      `minified bytes by folder (esbuild's, before terser): ${[...byDir]
        .sort((a, b) => b[1] - a[1])
        .map(([d, b]) => `${d} ${b}`)
        .join(', ')}; loaded on first use, not counted: ${all.later.map((p) => p.slice('dist/'.length)).join(', ')}`,
    );
    env.trace(`f: ${all.minified} B minified, ${all.gzipped} B gzipped (${all.loaded.length} files)`);
  } catch (error) {
    env.fail('f/ours', error);
  }
  return c.result;
}
