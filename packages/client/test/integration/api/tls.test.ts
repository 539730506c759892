// The TCP transport over TLS against OrientDB's own SSL listener (a private server: the shared one has
// no SSL listener): with the server's CA the client opens a database and queries; with another CA it
// fails with a TlsError that names the endpoint and what to check.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, makeSslKeystore, startOrientDB, type OrientDBServer } from '@orientdb-edge/testkit';
import { OrientDB, TlsError } from '../../../src/index.js';
import { tcp } from '../../../src/tcp.js';

let server: OrientDBServer;
let otherCa: string;
const scratch = mkdtempSync(join(tmpdir(), 'orientdb-edge-tls-'));

before(async () => {
  [server, { caPem: otherCa }] = await Promise.all([startOrientDB({ ssl: true }), makeSslKeystore(scratch)]);
});
after(async () => {
  await server?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

test('over TLS with the server CA: dbOpen and a query work', async () => {
  const db = await createTestDatabase(server);
  const client = new OrientDB({
    transport: tcp({ host: server.host, port: server.ssl!.port, tls: { ca: server.ssl!.caPem } }),
  });
  try {
    await client.dbOpen(db.name, db.user, db.password);
    const [row] = await client.query('SELECT count(*) AS n FROM OUser');
    assert.ok(typeof row!.n === 'number' && row!.n > 0);
  } finally {
    await client.close();
    await db.drop();
  }
});

test('over TLS with another CA: a TlsError naming the endpoint and what to check', async () => {
  const client = new OrientDB({
    transport: tcp({ host: server.host, port: server.ssl!.port, tls: { ca: otherCa } }),
    reconnect: false,
  });
  try {
    const error = await client.dbOpen('any', 'admin', 'admin').then(
      () => assert.fail('opened with the wrong CA'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TlsError, String(error));
    assert.equal(error.code, 'ERR_TLS');
    assert.match(error.message, new RegExp(`tls://${server.host}:${server.ssl!.port}`));
    assert.match(error.message, /tls\.ca/);
  } finally {
    await client.close();
  }
});
