// Runs a group of API tests once per transport: TCP straight to OrientDB, and WebSocket through a
// real bridge (startBridge) with the ws package's WebSocket. Tracks clients and closes them after.
import { after, before, describe } from 'node:test';
import { WebSocket } from 'ws';
import { createTestDatabase, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { startBridge, type Bridge } from '../../../../../bridge/src/index.js';
import { OrientDB } from '../../../../src/index.js';
import type { OrientDBOptions } from '../../../../src/api/options.js';
import type { WebSocketConstructor } from '../../../../src/transport/websocket.js';
import { tcp } from '../../../../src/tcp.js';
import { websocket } from '../../../../src/transport/websocket.js';
import type { Transport } from '../../../../src/transport/transport.js';

export type TransportKind = 'tcp' | 'websocket';
export const TRANSPORTS: TransportKind[] = ['tcp', 'websocket'];
export const WS = WebSocket as unknown as WebSocketConstructor;

export interface Env {
  readonly kind: TransportKind;
  readonly server: ServerInfo;
  /** A new client on this transport (closed after the group). */
  client(options?: Partial<OrientDBOptions>): OrientDB;
  /** A fresh Transport of this kind to the server. */
  transport(): Transport;
  /** A new database, opened by a new client of this group; after the group the client closes, then the database is dropped. */
  openDatabase(options?: Partial<OrientDBOptions>): Promise<{ db: TestDatabase; client: OrientDB }>;
}

/** The bridge for a server: one per test file and server. */
const bridges = new Map<string, Promise<Bridge>>();
export function bridgeFor(server: { host: string; port: number }): Promise<Bridge> {
  const key = `${server.host}:${server.port}`;
  let b = bridges.get(key);
  if (!b) {
    b = startBridge({
      listen: '127.0.0.1:0',
      upstreams: [key],
      allowMissingOrigin: true,
      // The API's server calls (connect, dbCreate, dbList ...) run over both transports.
      allowServerOps: true,
      logLevel: 'error',
    } as Parameters<typeof startBridge>[0]);
    bridges.set(key, b);
  }
  return b;
}
export async function closeBridges(): Promise<void> {
  const all = [...bridges.values()];
  bridges.clear();
  await Promise.all(all.map(async (b) => (await b).close()));
}

/** Client options reaching `server` over `kind`. */
export async function clientOptions(
  kind: TransportKind,
  server: { host: string; port: number },
): Promise<OrientDBOptions> {
  if (kind === 'tcp') return { transport: tcp({ host: server.host, port: server.port }) };
  const bridge = await bridgeFor(server);
  return { url: bridge.url, WebSocket: WS };
}

export function eachTransport(title: string, body: (env: Env) => void, server?: () => Promise<ServerInfo>): void {
  for (const kind of TRANSPORTS) {
    describe(`${title} [${kind}]`, () => {
      const clients: OrientDB[] = [];
      const databases: TestDatabase[] = [];
      let info: ServerInfo | undefined;
      let base: OrientDBOptions | undefined;
      before(async () => {
        info = await (server ?? sharedServer)();
        base = await clientOptions(kind, info);
      });
      after(async () => {
        await Promise.all(clients.map((c) => c.close()));
        await Promise.all(databases.map((db) => db.drop()));
        await closeBridges();
      });
      const env: Env = {
        kind,
        get server() {
          return info!;
        },
        transport() {
          return kind === 'tcp'
            ? tcp({ host: info!.host, port: info!.port })
            : websocket(base!.url!, { WebSocket: WS });
        },
        client(options = {}) {
          const c = new OrientDB({ ...base!, ...options });
          clients.push(c);
          return c;
        },
        async openDatabase(options = {}) {
          const db = await createTestDatabase(info!);
          databases.push(db);
          const client = env.client(options);
          await client.dbOpen(db.name, db.user, db.password);
          return { db, client };
        },
      };
      body(env);
    });
  }
}
