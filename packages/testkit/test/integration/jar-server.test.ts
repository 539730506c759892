// The server built from the pinned orientdb-server jars (orientdb-jars.json) starts, greets with
// protocol 38 and announces the pinned version; a version Maven cannot serve fails with Maven's
// answer instead of falling back to another server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ensureJarServer, jarPin } from '../../src/jar-server.js';
import { readGreeting, startOrientDB } from '../../src/index.js';

test('the jar-built server greets with protocol 38 and reports the pinned version', async () => {
  const { version } = jarPin();
  const home = await ensureJarServer(version);
  for (const jar of ['orientdb-server', 'orientdb-tools', 'orientdb-graphdb'])
    assert.ok(existsSync(join(home, 'lib', `${jar}-${version}.jar`)), `${jar}-${version}.jar in ${home}/lib`);
  const server = await startOrientDB({ version });
  try {
    assert.equal(server.version, version);
    assert.equal(server.reportedVersion, version, 'the version in "OrientDB Server is active v..."');
    assert.equal(server.protocolVersion, 38);
    assert.equal(await readGreeting(server.host, server.port), 38);
  } finally {
    await server.stop();
  }
});

test('jars Maven cannot serve fail with a message naming the version and Maven', async () => {
  await assert.rejects(ensureJarServer('0.0.0-not-released'), (err: Error) => {
    assert.match(err.message, /Maven could not fetch the OrientDB 0\.0\.0-not-released server jars/);
    assert.match(err.message, /check that mvn is on PATH/);
    return true;
  });
});
