// Builds an OrientDB server newer than the last community distribution on Maven Central: the
// orientdb-server, -tools and -graphdb jars and their dependencies copied into lib/ by Maven from a
// pom generated here, beside the config/ and www/ of the pinned distribution (configFrom), in the
// git-ignored cache. The version lives in orientdb-jars.json; scripts/bump-orientdb.ts moves it.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ensureDistribution, repoRoot } from './distribution.js';

const run = promisify(execFile);

const PIN_FILE = join(dirname(fileURLToPath(import.meta.url)), 'orientdb-jars.json');
const ARTIFACTS = ['orientdb-server', 'orientdb-tools', 'orientdb-graphdb'];

interface JarPin {
  /** The orientdb-server version built from jars. */
  version: string;
  /** The community distribution whose config/ and www/ the jar build runs under. */
  configFrom: string;
}

export function jarPin(): JarPin {
  return JSON.parse(readFileSync(PIN_FILE, 'utf8')) as JarPin;
}

/**
 * The OrientDB the suite runs on: ORIENTDB_VERSION, else the newest 3.2.x, built from the pinned jars
 * (Maven Central's community distributions stop at 3.2.25).
 */
export function orientdbVersion(): string {
  return process.env.ORIENTDB_VERSION || jarPin().version;
}

/** The pom whose dependencies are the three server jars at `version`; Maven resolves the rest. */
function serverJarsPom(version: string): string {
  const deps = ARTIFACTS.map(
    (a) =>
      `    <dependency><groupId>com.orientechnologies</groupId><artifactId>${a}</artifactId><version>${version}</version></dependency>`,
  ).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.orientdb-edge</groupId>
  <artifactId>orientdb-server-jars</artifactId>
  <version>${version}</version>
  <packaging>pom</packaging>
  <dependencies>
${deps}
  </dependencies>
</project>
`;
}

async function mvn(args: string[], cwd: string, what: string): Promise<string> {
  const all = ['-B', ...args];
  if (process.env.MAVEN_REPO_LOCAL) all.push(`-Dmaven.repo.local=${process.env.MAVEN_REPO_LOCAL}`);
  try {
    const { stdout } = await run('mvn', all, { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (err) {
    const e = err as { stdout?: string; code?: unknown };
    const out = (e.stdout ?? '').split('\n').filter((l) => !/Download(ing|ed) from/.test(l));
    throw new Error(
      `Maven could not ${what} (mvn ${all.join(' ')} in ${cwd}, exit ${String(e.code)}); check that mvn is on PATH ` +
        `and that Maven's repository is reachable (settings in ~/.m2/settings.xml):\n${out.slice(-40).join('\n')}`,
      { cause: err },
    );
  }
}

/** Returns the folder of a jar-built server (lib/, plugins/, config/, www/), building it when missing. */
export async function ensureJarServer(version: string, configFrom = jarPin().configFrom): Promise<string> {
  const cacheDir = join(repoRoot, '.cache', 'orientdb');
  const home = join(cacheDir, `orientdb-jars-${version}`);
  if (existsSync(join(home, 'lib', `orientdb-server-${version}.jar`))) return home;

  const distribution = await ensureDistribution(configFrom);
  const staging = join(cacheDir, `.jars-${process.pid}`);
  rmSync(staging, { recursive: true, force: true });
  try {
    await buildInto(staging, version, distribution);
    rmSync(home, { recursive: true, force: true });
    renameSync(staging, home);
  } catch (err) {
    if (!existsSync(join(home, 'lib', `orientdb-server-${version}.jar`))) throw err; // else another process won the race
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return home;
}

async function buildInto(staging: string, version: string, distribution: string): Promise<void> {
  mkdirSync(join(staging, 'plugins'), { recursive: true });
  writeFileSync(join(staging, 'pom.xml'), serverJarsPom(version));
  await mvn(
    ['-q', 'dependency:copy-dependencies', '-DincludeScope=runtime', '-DoutputDirectory=lib'],
    staging,
    `fetch the OrientDB ${version} server jars (${ARTIFACTS.join(', ')}) and their dependencies`,
  );
  const lib = readdirSync(join(staging, 'lib'));
  for (const a of ARTIFACTS)
    if (!lib.includes(`${a}-${version}.jar`))
      throw new Error(`Maven copied no ${a}-${version}.jar into ${staging}/lib`);
  cpSync(join(distribution, 'config'), join(staging, 'config'), { recursive: true });
  cpSync(join(distribution, 'www'), join(staging, 'www'), { recursive: true });
}

/** The folder OrientDB `version` runs from: the jar build for the pinned jar version, else the distribution. */
export function ensureServerHome(version: string): Promise<string> {
  const pin = jarPin();
  return version === pin.version ? ensureJarServer(version, pin.configFrom) : ensureDistribution(version);
}

export function writeJarPin(pin: JarPin): void {
  writeFileSync(PIN_FILE, `${JSON.stringify(pin, null, 2)}\n`);
}

/**
 * The newest orientdb-server of the pinned major.minor line that Maven's repository serves, as the
 * versions plugin reports it for a pom naming the pinned version (the pinned one when none is newer).
 */
export async function newestServerJarsVersion(pinned = jarPin().version): Promise<string> {
  const dir = join(repoRoot, '.cache', 'orientdb', `.versions-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  try {
    writeFileSync(join(dir, 'pom.xml'), serverJarsPom(pinned));
    const out = await mvn(
      ['versions:display-dependency-updates', '-DallowMajorUpdates=false', '-DallowMinorUpdates=false'],
      dir,
      `list the versions of orientdb-server newer than ${pinned}`,
    );
    const newer = /com\.orientechnologies:orientdb-server\s\.*\s*(\S+)\s+->\s+(\S+)/.exec(out);
    return newer?.[2] ?? pinned;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
