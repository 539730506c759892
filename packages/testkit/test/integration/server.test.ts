import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createTestDatabase, readGreeting, sqlOverHttp, startOrientDB } from '../../src/index.js';

test('a private server starts, greets, restarts, is killed and cleans up', async () => {
  const server = await startOrientDB({ tokenExpireMinutes: 5, cleanDelayMs: 1000 });
  try {
    const expected = server.version.startsWith('3.0.') ? 37 : 38;
    assert.equal(server.protocolVersion, expected);
    assert.equal(await readGreeting(server.host, server.port), expected);
    assert.ok(server.startMs > 0);

    const db = await createTestDatabase(server, { storage: 'plocal' });
    await sqlOverHttp(server, db, 'CREATE CLASS Probe; INSERT INTO Probe SET n = 7');
    const pidBefore = server.pid;

    await server.restart();
    assert.notEqual(server.pid, pidBefore);
    assert.equal(await readGreeting(server.host, server.port), expected);
    const rows = (await sqlOverHttp(server, db, 'SELECT n FROM Probe')) as Array<{ n: number }>;
    assert.deepEqual(
      rows.map((r) => r.n),
      [7],
      'a plocal database survives the restart',
    );

    await server.kill();
    await assert.rejects(readGreeting(server.host, server.port, 2000));
  } finally {
    await server.stop();
  }
  assert.equal(existsSync(server.dataDir), false, 'the data folder is removed on stop');
});

test('a server that cannot start reports its log', async () => {
  await assert.rejects(
    startOrientDB({ heap: '-Xmx1k', startTimeoutMs: 60_000 }),
    (err: Error) => /exited during start|did not start/.test(err.message) && err.message.includes('server log'),
  );
});
