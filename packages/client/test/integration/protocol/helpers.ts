// Shared setup for protocol integration tests: the shared real server, TCP connections, a test database.
import { createTestDatabase, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { tcp } from '../../../src/tcp.js';
import { Connection, type ConnectionOptions } from '../../../src/session/connection.js';
import { databaseOpen, serverConnect } from '../../../src/session/ops.js';

export async function server(): Promise<ServerInfo> {
  return sharedServer();
}

export async function connect(options: ConnectionOptions = {}): Promise<Connection> {
  const s = await server();
  return Connection.open(tcp({ host: s.host, port: s.port }), { timeoutMs: 30_000, ...options });
}

export async function rootConnection(): Promise<Connection> {
  const s = await server();
  const conn = await connect();
  await serverConnect(conn, 'root', s.rootPassword);
  return conn;
}

export async function openDatabase(db: TestDatabase, options: ConnectionOptions = {}): Promise<Connection> {
  const conn = await connect(options);
  await databaseOpen(conn, db.name, db.user, db.password);
  return conn;
}

export async function testDatabase(): Promise<TestDatabase> {
  return createTestDatabase(await server());
}

/** Raw TCP bytes helper for facts that need frames the Connection would not send. */
export { tcp };
