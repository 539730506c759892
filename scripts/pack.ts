// Packs @orientdb-edge/client and @orientdb-edge/bridge as they would be published. `pnpm pack` runs
// each package's build (its `prepack` script) and turns the bridge's `workspace:*` dependency on the
// client into the client's version (`npm pack` would ship `workspace:*`: pack with pnpm, through this
// script). Then the manifest in each tarball loses what only this workspace uses: the `source` export
// condition (it points at src/, which is not shipped, and a consumer's own `--conditions=source` or
// `customConditions` must never select it), the scripts (tsx) and the dev dependencies (private packages).
// Run: node --import tsx scripts/pack.ts [outDir]   (prints the tarballs and their sizes)
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = fileURLToPath(new URL('..', import.meta.url));
const pnpm = join(root, '.tools/node_modules/.bin/pnpm');

export const PACKAGES = { client: 'packages/client', bridge: 'packages/bridge' } as const;
export type PackageKey = keyof typeof PACKAGES;

export interface Packed {
  name: string;
  version: string;
  tarball: string;
  packedBytes: number;
  unpackedBytes: number;
  files: string[];
  manifest: Manifest;
}

interface Manifest {
  name: string;
  version: string;
  exports: Record<string, unknown>;
  dependencies?: Record<string, string>;
  [key: string]: unknown;
}

/** An export map without the `source` condition, at any depth. */
function withoutSource(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'source')
      .map(([key, inner]) => [key, withoutSource(inner)]),
  );
}

/** File names and unpacked size of a .tgz, read with a minimal tar parser (512-byte headers). */
export function tarballContents(tarball: string): { files: string[]; unpackedBytes: number } {
  const tar = gunzipSync(readFileSync(tarball));
  const files: string[] = [];
  let unpackedBytes = 0;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, length: number) =>
      header
        .subarray(from, from + length)
        .toString('latin1')
        .replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = (prefix ? `${prefix}/` : '') + field(0, 100);
    const size = Number.parseInt(field(124, 12).trim() || '0', 8);
    const type = field(156, 1);
    if (type === '0' || type === '') {
      files.push(name.replace(/^package\//, ''));
      unpackedBytes += size;
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return { files: files.sort(), unpackedBytes };
}

/** Builds and packs one package into outDir; returns the tarball and what it holds. */
function packOne(key: PackageKey, outDir: string): Packed {
  const dir = join(root, PACKAGES[key]);
  const staging = mkdtempSync(join(tmpdir(), `orientdb-edge-pack-${key}-`));
  try {
    execFileSync(pnpm, ['pack', '--pack-destination', staging], { cwd: dir, stdio: ['ignore', 'pipe', 'inherit'] });
    const packed = join(staging, readdirTgz(staging));
    execFileSync('tar', ['-xzf', packed, '-C', staging]);
    const manifestPath = join(staging, 'package/package.json');
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    manifest.exports = withoutSource(manifest.exports) as Manifest['exports'];
    // What only this workspace runs (its scripts use tsx, its dev dependencies are private packages).
    delete manifest['scripts'];
    delete manifest['devDependencies'];
    writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
    const tarball = join(outDir, packed.slice(staging.length + 1));
    execFileSync('tar', [
      '--sort=name',
      '--owner=0',
      '--group=0',
      '--numeric-owner',
      '--mtime=1985-10-26 08:15:00Z',
      '-czf',
      tarball,
      '-C',
      staging,
      'package',
    ]);
    const { files, unpackedBytes } = tarballContents(tarball);
    return {
      name: manifest.name,
      version: manifest.version,
      tarball,
      packedBytes: statSync(tarball).size,
      unpackedBytes,
      files,
      manifest,
    };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

function readdirTgz(dir: string): string {
  const out = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  if (out.length !== 1) throw new Error(`pnpm pack left ${out.length} tarballs in ${dir}`);
  return out[0]!;
}

/** Packs both packages; `pnpm pack` runs each one's `prepack` script, its build. */
export function packAll(outDir: string): Record<PackageKey, Packed> {
  mkdirSync(outDir, { recursive: true });
  return { client: packOne('client', outDir), bridge: packOne('bridge', outDir) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(process.argv[2] ?? join(root, '.tmp/packages'));
  for (const packed of Object.values(packAll(outDir))) {
    console.log(
      `${packed.tarball}: ${packed.packedBytes} B packed, ${packed.unpackedBytes} B unpacked, ${packed.files.length} files`,
    );
  }
}
