export { startOrientDB, TEST_TOKEN_SECRET, type OrientDBServer, type StartOptions } from './server.js';
export { startSslServer, type SslServer } from './ssl-server.js';
export { ensureDistribution, repoRoot } from './distribution.js';
export { ensureJarServer, jarPin, newestServerJarsVersion, orientdbVersion, writeJarPin } from './jar-server.js';
export { createTestDatabase, sqlOverHttp, type TestDatabase } from './database.js';
export { sharedServer, describeServer, SHARED_SERVER_ENV, type ServerInfo } from './shared.js';
export { readGreeting } from './greeting.js';
export { freePort } from './ports.js';
export {
  describeCycle,
  findCycles,
  importGraph,
  moduleSpecifiers,
  type ImportCycle,
  type ImportGraph,
} from './import-graph.js';
