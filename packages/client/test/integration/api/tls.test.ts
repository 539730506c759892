// The TCP transport over TLS against OrientDB's own SSL listener (a private server: the shared one has
// no SSL listener): with the server's CA the client opens a database and queries; with another CA it
// fails with a TlsError that names the endpoint and what to check.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type SslServer, startSslServer } from '@orientdb-edge/testkit';
import { OrientDB } from '../../../src/index.js';
import { TlsError } from '../../../src/tcp.js';
import { tcp } from '../../../src/tcp.js';

let tls: SslServer;

before(async () => {
  tls = await startSslServer();
});
after(async () => {
  await tls?.stop();
});

test('over TLS with the server CA: dbOpen and a query work', async () => {
  const db = await createTestDatabase(tls.server);
  const client = new OrientDB({
    transport: tcp({ host: tls.server.host, port: tls.port, tls: { ca: tls.caPem } }),
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
    transport: tcp({ host: tls.server.host, port: tls.port, tls: { ca: tls.otherCaPem } }),
    reconnect: false,
  });
  try {
    const error = await client.dbOpen('any', 'admin', 'admin').then(
      () => assert.fail('opened with the wrong CA'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof TlsError, String(error));
    assert.equal(error.code, 'ERR_TLS');
    assert.match(error.message, new RegExp(`tls://${tls.server.host}:${tls.port}`));
    assert.match(error.message, /tls\.ca/);
  } finally {
    await client.close();
  }
});
