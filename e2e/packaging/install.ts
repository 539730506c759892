// A folder outside the workspace where the packed tarballs are installed with npm, as a user would:
// nothing there resolves to the workspace, so whatever runs from it uses the published files only.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Packed, PackageKey } from '../../scripts/pack.js';

const run = promisify(execFile);

/** The consumer's other dependencies, at the versions the workspace uses (so npm's cache has them). */
const CONSUMER_DEPENDENCIES = ['@types/node@20.19.43'];

export interface Consumer {
  dir: string;
  installMs: number;
  /** The installed package.json of one of our packages. */
  manifest(key: PackageKey): { version: string; exports: Record<string, unknown>; bin?: Record<string, string> };
  remove(): void;
}

export async function installTarballs(packed: Record<PackageKey, Packed>): Promise<Consumer> {
  const dir = mkdtempSync(join(tmpdir(), 'orientdb-edge-consumer-'));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'consumer', private: true, type: 'module' })}\n`);
  cpSync(new URL('./consumer/', import.meta.url), dir, { recursive: true });
  const started = performance.now();
  await run(
    'npm',
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--no-package-lock',
      '--loglevel=error',
      packed.client.tarball,
      packed.bridge.tarball,
      ...CONSUMER_DEPENDENCIES,
    ],
    { cwd: dir, env: { ...process.env, npm_config_update_notifier: 'false' } },
  );
  const installMs = performance.now() - started;
  const names: Record<PackageKey, string> = { client: packed.client.name, bridge: packed.bridge.name };
  return {
    dir,
    installMs,
    manifest: (key) => JSON.parse(readFileSync(join(dir, 'node_modules', names[key], 'package.json'), 'utf8')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
