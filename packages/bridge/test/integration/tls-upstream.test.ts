// The bridge to OrientDB's own SSL listener (a private server with `ssl: true`): with the server's CA the
// relay carries a whole session; with another CA the WebSocket closes with 4502 and the failure is
// counted as `tls` (the log line says which certificate check failed).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WebSocket } from 'ws';
import { createTestDatabase, type SslServer, startSslServer } from '@orientdb-edge/testkit';
import { OrientDB } from '@orientdb-edge/client';
import type { WebSocketConstructor } from '../../../client/src/transport/websocket.js';
import { CLOSE, startBridge } from '../../src/index.js';
import type { LogRecord } from '../../src/logger.js';
import { RawClient } from '../support/raw-client.js';
import { readGreeting } from '../support/orientdb-bytes.js';

const WS = WebSocket as unknown as WebSocketConstructor;
let tls: SslServer;

before(async () => {
  tls = await startSslServer();
});
after(async () => {
  await tls?.stop();
});

test('a tls:// upstream with the server CA: greeting, dbOpen and a query through the bridge', async () => {
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`secure=tls://${tls.server.host}:${tls.port}`],
    upstreamTls: { ca: tls.caPem },
    allowMissingOrigin: true,
    logLevel: 'silent',
  });
  const db = await createTestDatabase(tls.server);
  const client = new OrientDB({ url: bridge.url, WebSocket: WS });
  try {
    const raw = await RawClient.connect(bridge.url);
    assert.equal(await readGreeting(raw), tls.server.protocolVersion);
    await raw.close(1000);
    await client.dbOpen(db.name, db.user, db.password);
    const [row] = await client.query('SELECT count(*) AS n FROM OUser');
    assert.ok(typeof row!.n === 'number' && row!.n > 0);
  } finally {
    await client.close();
    await bridge.close();
    await db.drop();
  }
});

test('a tls:// upstream with another CA: 4502 to the page, kind tls in the metrics and the reason in the log', async () => {
  const logs: LogRecord[] = [];
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`tls://${tls.server.host}:${tls.port}`],
    upstreamTls: { ca: tls.otherCaPem },
    allowMissingOrigin: true,
    logLevel: 'warn',
    logger: (r) => logs.push(r),
  });
  try {
    const raw = await RawClient.open(bridge.url);
    await assert.rejects(raw.hello(), { code: CLOSE.UPSTREAM_UNREACHABLE });
    assert.equal(bridge.metrics().upstreamErrors.tls, 1);
    const line = logs.find((r) => r.msg === 'upstream_unreachable');
    assert.equal(line?.kind, 'tls');
    assert.match(String(line?.error), /SELF_SIGNED|UNABLE_TO_VERIFY/);
    assert.match(String(line?.node), new RegExp(`^tls://${tls.server.host}:${tls.port}$`));
  } finally {
    await bridge.close();
  }
});
