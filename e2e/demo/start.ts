// The README's start command: a local OrientDB with the tinkerhome database, the bridge in front
// of it and the demo page, all on loopback. Ctrl-C stops everything.
import { mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describeServer, repoRoot, startOrientDB } from '@orientdb-edge/testkit';
import { startBridge } from '@orientdb-edge/bridge';
import { serveStatic } from '../support/static-server.js';
import { DEMO_DB, DEMO_PASSWORD, DEMO_USER, ensureTinkerhome } from './tinkerhome.js';

const host = process.env.DEMO_HOST ?? '127.0.0.1';
const webPort = Number(process.env.DEMO_PORT ?? 8000);
const bridgePort = Number(process.env.BRIDGE_PORT ?? 8080);
const dataDir = join(repoRoot, '.cache', 'demo-data');
mkdirSync(dataDir, { recursive: true });

// The page loads the browser bundle from packages/client/dist: build it (about half a second).
const built = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/build.ts'], {
  cwd: join(repoRoot, 'packages/client'),
  stdio: 'inherit',
});
if (built.status !== 0) {
  console.error('building the client bundle failed');
  process.exit(built.status ?? 1);
}

const server = await startOrientDB({ dataDir, rootPassword: process.env.ORIENTDB_ROOT_PASSWORD ?? 'demo-root' });
await ensureTinkerhome(describeServer(server));
const webOrigin = `http://${host}:${webPort}`;
const allowOrigins = [webOrigin, webOrigin.replace('127.0.0.1', 'localhost')];
const bridge = await startBridge({
  listen: `${host}:${bridgePort}`,
  upstreams: [`${server.host}:${server.port}`],
  allowOrigins,
});
// The page asks this server which bridge to use (/config.json): the one started here, on BRIDGE_PORT.
const web = await serveStatic({ '/dist/': 'packages/client/dist', '/': 'e2e/demo/page' }, host, webPort, {
  '/config.json': { bridge: bridge.url },
});

console.log(
  `OrientDB ${server.version}: binary ${server.host}:${server.port}, http http://${server.host}:${server.httpPort} (root / ${server.rootPassword}); started in ${Math.round(server.startMs)} ms`,
);
console.log(`database ${DEMO_DB} (${DEMO_USER} / ${DEMO_PASSWORD})`);
console.log(`bridge   ${bridge.url} (allowed Origins: ${allowOrigins.join(', ')})`);
console.log(`demo     ${web.origin}/`);

const stop = async () => {
  await bridge.close();
  await web.close();
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', () => {
  void stop();
});
process.once('SIGTERM', () => {
  void stop();
});
