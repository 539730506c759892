// Shared e2e fixtures: a database with a few Nodes on the run's OrientDB, and a bridge in front of it.
import { startBridge, type Bridge } from '@orientdb-edge/bridge';
import {
  createTestDatabase,
  sharedServer,
  sqlOverHttp,
  type ServerInfo,
  type TestDatabase,
} from '@orientdb-edge/testkit';

export const NODE_NAMES = ['fan', 'heater', 'lamp'];

export async function nodesDatabase(server: ServerInfo): Promise<TestDatabase> {
  const db = await createTestDatabase(server);
  await sqlOverHttp(
    server,
    db,
    [
      'CREATE CLASS Nodes EXTENDS V',
      ...NODE_NAMES.map(
        (n, i) => `INSERT INTO Nodes SET name = '${n}', zone = '${i % 2 ? 'kitchen' : 'living-room'}', status = 'off'`,
      ),
    ].join(';'),
  );
  return db;
}

export async function bridgeFor(server: ServerInfo, allowOrigins: string[] = []): Promise<Bridge> {
  return startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`${server.host}:${server.port}`],
    allowOrigins,
    allowMissingOrigin: allowOrigins.length === 0,
  });
}

export { sharedServer };
