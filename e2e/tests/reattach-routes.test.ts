// Measures which reattach routes an OrientDB version accepts (the README's table), each on a private
// server: the bridge's parked connection; the old session id + token on a new connection while the old
// socket is open, after the server's clean-up and after a restart (same token secret); token-only
// (stateless) requests; the reauthenticate callback. Versions: REATTACH_VERSIONS (comma-separated),
// default the suite's own (ORIENTDB_VERSION, else the pinned jar build); the runner's `versions` layer
// runs this file on each other version. Prints one REATTACH-TABLE JSON line per version.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { startBridge, type Bridge } from '@orientdb-edge/bridge';
import {
  createTestDatabase,
  describeServer,
  orientdbVersion,
  sqlOverHttp,
  startOrientDB,
  type OrientDBServer,
} from '@orientdb-edge/testkit';
import { OrientDB, type ReattachRoute, type WebSocketConstructor } from '@orientdb-edge/client';
import { tcp } from '@orientdb-edge/client/tcp';
import { decodeSessionHandle } from '../../packages/client/src/api/session-token.js';
import { Writer } from '../../packages/client/src/codec/writer.js';
import { QUERY } from '../../packages/client/src/codec/operations/query.js';
import { REQUEST_DB_SIZE, REQUEST_QUERY } from '../../packages/client/src/codec/operations/opcodes.js';
import { statelessRequest } from '../support/raw-stateless.js';

const VERSIONS = (process.env.REATTACH_VERSIONS ?? orientdbVersion())
  .split(',')
  .map((v) => v.trim())
  .filter(Boolean);
const CLEAN_DELAY_MS = 1000;
const WS = WebSocket as unknown as WebSocketConstructor;

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanups.reverse()) await c().catch(() => undefined);
});

/** 'ok' + the route the client reports, or the error code and message. */
async function attempt(client: OrientDB): Promise<string> {
  try {
    const rows = await client.query('SELECT name FROM Nodes');
    assert.equal(rows.length, 1);
    return `ok (${client.session?.via})`;
  } catch (e) {
    const err = e as { code?: string; message?: string };
    return `${err.code}: ${err.message?.slice(0, 160)}`;
  } finally {
    await client.close();
  }
}

for (const version of VERSIONS) {
  test(`reattach routes on OrientDB ${version}`, async () => {
    const server: OrientDBServer = await startOrientDB({ version, cleanDelayMs: CLEAN_DELAY_MS });
    cleanups.push(() => server.stop());
    const info = describeServer(server);
    const db = await createTestDatabase(info, { storage: 'plocal' });
    await sqlOverHttp(info, db, "CREATE CLASS Nodes EXTENDS V; INSERT INTO Nodes SET name = 'lamp'");
    const bridge: Bridge = await startBridge({
      listen: '127.0.0.1:0',
      upstreams: [`${server.host}:${server.port}`],
      allowMissingOrigin: true,
      allowOrigins: [],
    });
    cleanups.push(() => bridge.close());
    const viaBridge = () => new OrientDB({ url: bridge.url, WebSocket: WS, tokenStore: null, keepAlive: false });
    const viaTcp = (routes?: ReattachRoute[]) =>
      new OrientDB({
        transport: tcp({ host: server.host, port: server.port }),
        tokenStore: null,
        keepAlive: false,
        reattachRoutes: routes,
      });
    const table: Record<string, string> = { version, protocol: String(server.protocolVersion) };

    // 1. the bridge's parked connection
    const a = viaBridge();
    await a.dbOpen(db.name, db.user, db.password);
    const token = a.getSessionToken();
    assert.equal(a.park(), true);
    const resumed = viaBridge();
    resumed.setSessionToken(token);
    table.resume = await attempt(resumed);

    // 2a. old session id + token on a new connection while the session's socket is open
    const live = viaTcp();
    await live.dbOpen(db.name, db.user, db.password);
    const liveToken = live.getSessionToken();
    const second = viaTcp();
    second.setSessionToken(liveToken);
    table.sessionSocketOpen = await attempt(second);

    // 2b. ... after the session's socket closed and the server's clean-up ran (cleanDelay 1 s here)
    await live.close();
    await new Promise((r) => setTimeout(r, 3 * CLEAN_DELAY_MS));
    const late = viaTcp(['session']);
    late.setSessionToken(liveToken);
    table.sessionAfterCleanup = await attempt(late);
    const tokenOnly = viaTcp(['session', 'stateless']);
    tokenOnly.setSessionToken(liveToken);
    table.statelessAfterCleanup = await attempt(tokenOnly);

    // 3. token-only requests on a socket without a handshake (the session itself is gone now)
    const raw = decodeSessionHandle(liveToken).token;
    const q = new Writer();
    QUERY.write(q, { statement: 'SELECT name FROM Nodes' });
    table.statelessDbSize = JSON.stringify(await statelessRequest(server.host, server.port, REQUEST_DB_SIZE, raw));
    table.statelessQuery = JSON.stringify(
      await statelessRequest(server.host, server.port, REQUEST_QUERY, raw, q.finish()),
    );

    // 4. after a restart with the same token secret
    const before = viaTcp();
    await before.dbOpen(db.name, db.user, db.password);
    const beforeToken = before.getSessionToken();
    await server.restart();
    const afterRestart = viaTcp(['session']);
    afterRestart.setSessionToken(beforeToken);
    table.sessionAfterRestart = await attempt(afterRestart);
    const tokenOnlyAfterRestart = viaTcp(['session', 'stateless']);
    tokenOnlyAfterRestart.setSessionToken(beforeToken);
    table.statelessAfterRestart = await attempt(tokenOnlyAfterRestart);
    table.statelessDbSizeAfterRestart = JSON.stringify(
      await statelessRequest(server.host, server.port, REQUEST_DB_SIZE, decodeSessionHandle(beforeToken).token),
    );
    // 4b. ... with the application's reauthenticate callback as the last resort
    let asked = 0;
    const rescued = new OrientDB({
      transport: tcp({ host: server.host, port: server.port }),
      tokenStore: null,
      keepAlive: false,
      reattachRoutes: ['session', 'reauthenticate'],
      reauthenticate: async (info) => {
        asked++;
        assert.equal(info.database, db.name);
        return { user: db.user, password: db.password };
      },
    });
    rescued.setSessionToken(beforeToken);
    table.reauthenticateAfterRestart = await attempt(rescued);
    assert.equal(asked, 1);
    await before.close();

    console.log(`REATTACH-TABLE ${JSON.stringify(table)}`);
    assert.match(table.resume!, /^ok \(resume\)/, 'the bridge route works on every version');
    assert.match(table.sessionSocketOpen!, /^ok \(session\)/);
    assert.match(table.sessionAfterCleanup!, /ERR_SESSION_EXPIRED/);
    assert.match(table.statelessAfterCleanup!, /^ok \(stateless\)/);
    assert.match(table.reauthenticateAfterRestart!, /^ok \(reauthenticate\)/);
  });
}
