// The OrientDB version matrix: the protocol integration tests and the reattach route table
// (e2e/tests/reattach-routes.test.ts) on each version users run, each version in its own run of
// scripts/run-tests.ts with its own server. Used by the runner's `versions` layer (every version but the
// one the whole suite ran on) and by `scripts/test.sh matrix` (all of them).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jarPin, repoRoot } from '@orientdb-edge/testkit';

const FILES = ['packages/client/test/integration/protocol/', 'e2e/tests/reattach-routes.test.ts'];

/** Newest first: the server built from the pinned jars (orientdb-jars.json), then the community distributions. */
export function matrixVersions(): string[] {
  return [jarPin().version, '3.2.25', '3.1.0', '3.0.44'];
}

export interface VersionOutcome {
  version: string;
  code: number;
  seconds: number;
  /** The node test runner's pass/fail counts, one pair per layer (integration, then e2e). */
  counts: string[];
  routes: Record<string, string> | undefined;
}

/**
 * One version's run. `streamed`: its output goes straight through; otherwise it is printed whole when
 * the run ends, so that runs side by side do not interleave their lines.
 */
function runVersion(version: string, streamed: boolean): Promise<VersionOutcome> {
  const began = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(repoRoot, 'scripts/run-tests.ts'), 'integration,e2e', ...FILES],
      {
        cwd: repoRoot,
        // The route table imports the client's sources: no build of dist/ (which a run beside it may be reading).
        env: { ...process.env, ORIENTDB_VERSION: version, REATTACH_VERSIONS: version, SKIP_CLIENT_BUILD: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      if (streamed) process.stdout.write(chunk);
      out += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (streamed) process.stderr.write(chunk);
      else err += chunk.toString('utf8');
    });
    child.on('exit', (c, signal) => {
      if (!streamed) {
        process.stdout.write(`\n# ---- OrientDB ${version} ----\n${out}`);
        process.stderr.write(err);
      }
      resolve({
        version,
        code: c ?? (signal ? 1 : 0),
        seconds: (performance.now() - began) / 1000,
        counts: [...out.matchAll(/^# (pass|fail) (\d+)$/gm)].map((m) => `${m[1]} ${m[2]}`),
        routes: routeTable(out),
      });
    });
  });
}

/** The REATTACH-TABLE line, read back from the TAP diagnostic that escapes backslashes and '#'. */
function routeTable(out: string): Record<string, string> | undefined {
  const line = /REATTACH-TABLE (\{.*\})/.exec(out)?.[1];
  if (!line) return undefined;
  const json = line.replace(/\\([\\#])/g, '$1');
  try {
    return JSON.parse(json) as Record<string, string>;
  } catch {
    return { '(unreadable route table)': line };
  }
}

/**
 * How many versions run at once: 3 unless VERSION_CONCURRENCY says otherwise. Side by side they finish
 * sooner even on 2 CPUs, since much of each run is the server's clocks (the token lifetime test waits a
 * minute, SERVER_QUERY on 3.0 and 3.1 the server's socket timeout): measured under the same outside
 * load, 3.2.25, 3.1.0 and 3.0.44 took 172 s side by side and 299 s one after another.
 */
function versionConcurrency(): number {
  const n = Number(process.env.VERSION_CONCURRENCY ?? 3);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** Runs `versions`, some at once (versionConcurrency), and returns their outcomes in the order given. */
export async function runVersions(versions: string[], concurrency = versionConcurrency()): Promise<VersionOutcome[]> {
  const outcomes: VersionOutcome[] = new Array(versions.length);
  let next = 0;
  const worker = async () => {
    while (next < versions.length) {
      const i = next++;
      outcomes[i] = await runVersion(versions[i]!, concurrency === 1);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, versions.length) }, worker));
  return outcomes;
}

/** One line per version (time, counts), then its measured routes when `withRoutes`. */
export function versionLines(outcomes: VersionOutcome[], withRoutes: boolean): string[] {
  const lines: string[] = [];
  for (const o of outcomes) {
    lines.push(
      `OrientDB ${o.version}: ${o.code === 0 ? 'passed' : 'FAILED'} in ${o.seconds.toFixed(1)} s (protocol tests, then route table: ${o.counts.join(', ')})`,
    );
    if (!withRoutes) continue;
    for (const [route, result] of Object.entries(
      o.routes ?? { '(no route table)': 'the reattach test did not print one' },
    ))
      lines.push(`  ${route}: ${result}`);
  }
  return lines;
}
