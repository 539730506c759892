// One OrientDB per test run: the runner starts it and passes its address in the environment;
// a test file run on its own starts a private one that is stopped when the process exits.
import { startOrientDB, type OrientDBServer } from './server.js';

export const SHARED_SERVER_ENV = 'ORIENTDB_EDGE_TEST_SERVER';

export interface ServerInfo {
  host: string;
  port: number;
  httpPort: number;
  rootPassword: string;
  version: string;
  protocolVersion: number;
}

export function describeServer(s: OrientDBServer): ServerInfo {
  return {
    host: s.host,
    port: s.port,
    httpPort: s.httpPort,
    rootPassword: s.rootPassword,
    version: s.version,
    protocolVersion: s.protocolVersion,
  };
}

let own: Promise<ServerInfo> | undefined;

export function sharedServer(): Promise<ServerInfo> {
  const env = process.env[SHARED_SERVER_ENV];
  if (env) return Promise.resolve(JSON.parse(env) as ServerInfo);
  own ??= startOrientDB().then((server) => {
    process.once('beforeExit', () => {
      void server.stop();
    });
    return describeServer(server);
  });
  return own;
}
