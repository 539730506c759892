// Byte-exact relay under random chunking, against the real OrientDB: requests split at random
// points into WebSocket messages must reach the server intact and every answer must parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestDatabase, sharedServer } from '@orientdb-edge/testkit';
import { RawClient } from '../support/raw-client.js';
import {
  connectRequest,
  dbExistRequest,
  handshake,
  readConnectResponse,
  readDbExistResponse,
  readGreeting,
} from '../support/orientdb-bytes.js';
import { testBridge } from '../support/test-bridge.js';

function split(bytes: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Buffer[] = [];
  let at = 0;
  for (const p of [...points, bytes.length]) {
    if (p > at) parts.push(bytes.subarray(at, p));
    at = p;
  }
  return parts;
}

test('requests cut at random points relay byte-exactly (handshake, CONNECT, DB_EXIST with random names)', async () => {
  const server = await sharedServer();
  const db = await createTestDatabase(server, { storage: 'plocal' });
  const bridge = await testBridge(server, { upgradeRatePerSecond: 0 });
  try {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }), { minLength: 1, maxLength: 6 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        async (names, cuts) => {
          const c = await RawClient.connect(bridge.url);
          try {
            assert.equal(await readGreeting(c), server.protocolVersion);
            for (const part of split(Buffer.concat([handshake(), connectRequest('root', server.rootPassword)]), cuts))
              c.send(part);
            const login = await readConnectResponse(c);
            assert.equal(login.status, 0);
            const asked = [...names, db.name];
            const batch = Buffer.concat(asked.map((n) => dbExistRequest(login.session, login.token, n)));
            for (const part of split(
              batch,
              cuts.map((x) => x * 7),
            ))
              c.send(part);
            for (const name of asked) {
              const r = await readDbExistResponse(c);
              assert.equal(r.status, 0);
              assert.equal(r.opcode, 6);
              assert.equal(r.exists, name === db.name, name);
            }
          } finally {
            await c.close(1000);
          }
        },
      ),
      { numRuns: 25 },
    );
  } finally {
    await bridge.close();
    await db.drop();
  }
});
