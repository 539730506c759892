// The browser bundle exactly as dist/ gets it, built in memory: esbuild's output (build-config.ts), the
// chunk the page loads folded into the entry (page-chunk-entry.ts), then every file minified again by
// terser. build.ts writes it; the browser-bundle test and the bench's bundle workload measure it: one
// code path, the same bytes.
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { relative } from 'node:path';
import { minify } from 'terser';
import { BROWSER_BUNDLE, browserBundle, clientRoot } from './build-config.js';
import { foldPageChunkIntoEntry } from './page-chunk-entry.js';

export interface BrowserBundle {
  /** Every file's contents by its path relative to the client (dist/...), as in metafile.outputs. */
  files: Map<string, Uint8Array>;
  /**
   * esbuild's metafile of these files: their imports, exports and bytes as they are; each output's
   * `inputs` (bytesInOutput) are esbuild's count, before terser.
   */
  metafile: Metafile;
}

/** The browser bundle; `options` adds to build-config.ts's (the bench leaves msgpackr external). */
export async function buildBrowserBundle(options: BuildOptions = {}): Promise<BrowserBundle> {
  const built = await build({ ...browserBundle, ...options, write: false, metafile: true });
  const code = new Map(built.outputFiles.map((file) => [relative(clientRoot, file.path), file.text]));
  const { metafile } = built;
  await foldPageChunkIntoEntry({
    code,
    metafile,
    entry: `dist/${BROWSER_BUNDLE}.js`,
    absWorkingDir: clientRoot,
    target: browserBundle.target,
  });
  const files = new Map<string, Uint8Array>();
  for (const [path, text] of code) {
    const contents = new TextEncoder().encode(path.endsWith('.js') ? await terse(text) : text);
    files.set(path, contents);
    if (metafile.outputs[path]) metafile.outputs[path].bytes = contents.length;
  }
  return { files, metafile };
}

/**
 * terser after esbuild: its compressor finds more to fold and inline (on the page's code, 36,410 B
 * gzipped from esbuild alone, 35,260 B after terser's defaults, 35,158 B with three passes). Safe options
 * only: `module` (import and export names stay as they are, which the files use between them) and
 * `passes`, which repeats the same transforms. Error classes keep their names because each declares its
 * `name` field (the browser-bundle test checks).
 */
async function terse(text: string): Promise<string> {
  const { code } = await minify(text, { module: true, compress: { passes: 3 } });
  return code!;
}
