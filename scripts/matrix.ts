// The OrientDB version matrix: the protocol integration tests and the reattach route table
// (e2e/tests/reattach-routes.test.ts) against each version users run, newest first: the server built
// from the pinned jars (orientdb-jars.json), then the community distributions 3.2.25, 3.1.0, 3.0.44.
// One run of scripts/run-tests.ts per version; prints each version's counts and measured routes.
// Usage: scripts/test.sh matrix [version ...]   (default: every version above)
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { jarPin, repoRoot } from '@orientdb-edge/testkit';

const FILES = ['packages/client/test/integration/protocol/', 'e2e/tests/reattach-routes.test.ts'];
const versions = process.argv.slice(2).length ? process.argv.slice(2) : [jarPin().version, '3.2.25', '3.1.0', '3.0.44'];

interface Outcome {
  version: string;
  code: number;
  seconds: number;
  counts: string[];
  routes: Record<string, string> | undefined;
}

function runVersion(version: string): Promise<Outcome> {
  const began = performance.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(repoRoot, 'scripts/run-tests.ts'), 'integration,e2e', ...FILES],
      {
        cwd: repoRoot,
        env: { ...process.env, ORIENTDB_VERSION: version, REATTACH_VERSIONS: version },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      process.stdout.write(chunk);
      out += chunk.toString('utf8');
    });
    child.on('exit', (c, signal) => {
      const counts = [...out.matchAll(/^# (pass|fail) (\d+)$/gm)].map((m) => `${m[1]} ${m[2]}`);
      resolve({
        version,
        code: c ?? (signal ? 1 : 0),
        seconds: (performance.now() - began) / 1000,
        counts,
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

const outcomes: Outcome[] = [];
for (const version of versions) outcomes.push(await runVersion(version));

console.log('\n# OrientDB version matrix (protocol integration tests, then reattach routes)');
for (const o of outcomes) {
  console.log(
    `# ${o.version}: ${o.code === 0 ? 'passed' : 'FAILED'} in ${o.seconds.toFixed(0)} s (${o.counts.join(', ')})`,
  );
  for (const [route, result] of Object.entries(
    o.routes ?? { '(no route table)': 'the reattach test did not print one' },
  ))
    console.log(`#   ${route}: ${result}`);
}
process.exit(outcomes.some((o) => o.code !== 0) ? 1 : 0);
