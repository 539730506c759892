// The OrientDB version matrix on its own: the protocol integration tests and the reattach route table on
// every version (scripts/version-matrix.ts), or on the versions named; prints each version's time,
// counts and measured routes.
// Usage: scripts/test.sh matrix [version ...]
import { matrixVersions, runVersions, versionLines } from './version-matrix.js';

const asked = process.argv.slice(2);
const outcomes = await runVersions(asked.length ? asked : matrixVersions());
console.log('\n# OrientDB version matrix (protocol integration tests, then reattach routes)');
for (const line of versionLines(outcomes, true)) console.log(`# ${line}`);
process.exit(outcomes.some((o) => o.code !== 0) ? 1 : 0);
