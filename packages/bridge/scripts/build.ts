// Builds dist/ for publishing: the library and the CLI as ESM for Node, dependencies left external
// (ws, and @orientdb-edge/client/protocol imported from the client package, never a bundled copy), and
// their type declarations (tsc, in parallel). The version comes from package.json.
import { build } from 'esbuild';
import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('..', import.meta.url));
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const tsc = join(root, '../../node_modules/.bin/tsc');

rmSync(join(root, 'dist'), { recursive: true, force: true });
await Promise.all([
  build({
    absWorkingDir: root,
    entryPoints: ['src/index.ts', 'src/cli.ts', 'src/browser.ts'],
    outdir: 'dist',
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    define: { __ORIENTDB_EDGE_BRIDGE_VERSION__: JSON.stringify(version) },
    logLevel: 'info',
  }),
  promisify(execFile)(tsc, ['-p', join(root, 'scripts/tsconfig.dts.json')], { cwd: root }).catch(
    (error: { stdout?: string }) => {
      throw new Error(`type declarations failed:\n${error.stdout ?? String(error)}`);
    },
  ),
]);
