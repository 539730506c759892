// Fetches the OrientDB community distribution from Maven Central with Maven and unpacks it
// into a git-ignored cache, so that a second run downloads and unpacks nothing.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

function mavenRepository(): string {
  return process.env.MAVEN_REPO_LOCAL || join(homedir(), '.m2', 'repository');
}

/** Returns the folder of an unpacked distribution (with lib/), fetching it when missing. */
export async function ensureDistribution(version: string): Promise<string> {
  const cacheDir = join(repoRoot, '.cache', 'orientdb');
  const home = join(cacheDir, `orientdb-community-${version}`);
  if (existsSync(join(home, 'lib'))) return home;

  const artifact = `com.orientechnologies:orientdb-community:${version}:tar.gz`;
  const archive = join(
    mavenRepository(),
    'com',
    'orientechnologies',
    'orientdb-community',
    version,
    `orientdb-community-${version}.tar.gz`,
  );
  if (!existsSync(archive)) {
    const args = ['-B', '-q', 'dependency:get', `-Dartifact=${artifact}`, '-Dtransitive=false'];
    if (process.env.MAVEN_REPO_LOCAL) args.push(`-Dmaven.repo.local=${process.env.MAVEN_REPO_LOCAL}`);
    try {
      await run('mvn', args, { maxBuffer: 16 * 1024 * 1024 });
    } catch (err) {
      const out = (err as { stdout?: string }).stdout ?? '';
      throw new Error(`Maven could not fetch ${artifact}:\n${out.slice(-2000)}`, { cause: err });
    }
  }
  mkdirSync(cacheDir, { recursive: true });
  const staging = join(cacheDir, `.unpack-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging);
  await run('tar', ['-xzf', archive, '-C', staging]);
  const unpacked = join(staging, `orientdb-community-${version}`);
  if (!existsSync(join(unpacked, 'lib'))) throw new Error(`unexpected layout in ${archive}`);
  try {
    renameSync(unpacked, home);
  } catch (err) {
    if (!existsSync(join(home, 'lib'))) throw err; // another process won the race
  }
  rmSync(staging, { recursive: true, force: true });
  return home;
}
