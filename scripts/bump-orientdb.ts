// Moves the OrientDB version built from jars (packages/testkit/src/orientdb-jars.json) to the newest
// orientdb-server of its line that Maven serves, after building that server once, so that the pin
// never names jars that cannot be fetched. The suite changes only when the edited file is committed.
// Usage: node --conditions=source --import tsx scripts/bump-orientdb.ts [--check]
//   --check: print the newest version and exit 1 when it differs from the pin, writing nothing.
import { ensureJarServer, jarPin, newestServerJarsVersion, writeJarPin } from '@orientdb-edge/testkit';

const pin = jarPin();
const newest = await newestServerJarsVersion(pin.version);
if (newest === pin.version) {
  console.log(`orientdb-jars.json already pins the newest orientdb-server Maven serves: ${pin.version}`);
  process.exit(0);
}
if (process.argv.includes('--check')) {
  console.log(`orientdb-server ${newest} is served; orientdb-jars.json pins ${pin.version}`);
  process.exit(1);
}
const began = performance.now();
const home = await ensureJarServer(newest, pin.configFrom);
writeJarPin({ ...pin, version: newest });
console.log(
  `orientdb-jars.json: ${pin.version} -> ${newest} (built in ${home} in ${Math.round(performance.now() - began)} ms);` +
    ` run \`scripts/test.sh matrix\`, then commit the file`,
);
