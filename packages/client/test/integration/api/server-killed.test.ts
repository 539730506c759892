// A private OrientDB killed (SIGKILL) while requests are in flight, over TCP and through the bridge:
// the in-flight script fails with OutcomeUnknownError (never replayed), the queued read with
// ConnectionLostError (or, replayed as a read may be, ConnectionRefusedError), later calls with
// ConnectionRefusedError until the server is back.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, startOrientDB, type OrientDBServer } from '@orientdb-edge/testkit';
import { ConnectionLostError, ConnectionRefusedError, OrientDB, OutcomeUnknownError } from '../../../src/index.js';
import { TRANSPORTS, clientOptions, closeBridges } from './helpers/env.js';

let server: OrientDBServer;
before(async () => {
  server = await startOrientDB();
});
after(async () => {
  await closeBridges();
  await server.stop();
});

for (const kind of TRANSPORTS) {
  describe(`server killed [${kind}]`, () => {
    test('in-flight write → OutcomeUnknownError, in-flight read → lost or refused, then ConnectionRefusedError', async () => {
      if (server.pid === undefined) await server.restart();
      const db = await createTestDatabase(server);
      const client = new OrientDB(await clientOptions(kind, server));
      try {
        await client.dbOpen(db.name, db.user, db.password);
        assert.equal((await client.query('SELECT 1 AS one'))[0]!.one, 1);
        const write = client.batch('SLEEP 20000; RETURN 1').catch((e: unknown) => e);
        const read = client.query('SELECT 2 AS two').catch((e: unknown) => e);
        await server.kill();
        const w = await write;
        const r = await read;
        assert.ok(w instanceof OutcomeUnknownError, `write: ${String(w)}`);
        // A read is idempotent: the client may send it again once; with the server gone that is refused.
        assert.ok(r instanceof ConnectionLostError || r instanceof ConnectionRefusedError, `read: ${String(r)}`);
        const later = await client.query('SELECT 3 AS three').catch((e: unknown) => e);
        assert.ok(later instanceof ConnectionRefusedError, `later: ${String(later)}`);
      } finally {
        await client.close();
        await server.restart();
      }
    });
  });
}
