// SIGTERM on the CLI process, against the real OrientDB: stop accepting, close idle clients with
// 1001 at once, let a busy one finish its request, exit 0; and a busy one cut at the drain timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sharedServer } from '@orientdb-edge/testkit';
import { cliFlags, runBridgeCli } from '../support/bridge-process.js';
import { RawClient } from '../support/raw-client.js';
import { dbExistRequest, loginAsRoot, readDbExistResponse } from '../support/orientdb-bytes.js';

test('SIGTERM: idle clients get 1001 now, a busy one gets its answer and then 1001, new upgrades are refused, exit 0', async () => {
  const server = await sharedServer();
  const bridge = await runBridgeCli(cliFlags(`${server.host}:${server.port}`, '--drain-timeout-ms', '60000'));
  try {
    const idle = await RawClient.connect(bridge.url);
    const busy = await RawClient.connect(bridge.url);
    await loginAsRoot(idle, server.rootPassword);
    const s = await loginAsRoot(busy, server.rootPassword);
    const request = dbExistRequest(s.session, s.token, 'drain-check');
    busy.send(request.subarray(0, 10));
    bridge.child.kill('SIGTERM');
    assert.equal((await idle.closed).code, 1001);
    await assert.rejects(RawClient.connect(bridge.url));
    busy.send(request.subarray(10));
    const r = await readDbExistResponse(busy);
    assert.deepEqual([r.status, r.exists], [0, false]);
    assert.equal((await busy.closed).code, 1001);
    assert.equal(await bridge.exited, 0);
    const msgs = bridge.logs.map((l) => l['msg']);
    assert.ok(msgs.includes('drain_start') && msgs.includes('drain_done'));
  } finally {
    await bridge.stop();
  }
});

test('SIGTERM: a client still busy at the drain timeout is closed with 1001 and the process exits 0', async () => {
  const server = await sharedServer();
  const bridge = await runBridgeCli(cliFlags(`${server.host}:${server.port}`, '--drain-timeout-ms', '300'));
  try {
    const busy = await RawClient.connect(bridge.url);
    const s = await loginAsRoot(busy, server.rootPassword);
    busy.send(dbExistRequest(s.session, s.token, 'never-finished').subarray(0, 10));
    bridge.child.kill('SIGTERM');
    assert.equal((await busy.closed).code, 1001);
    assert.equal(await bridge.exited, 0);
  } finally {
    await bridge.stop();
  }
});

test('CLI exit codes: 2 for bad options, 3 when the address is taken', async () => {
  const { spawnSync } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  // The CLI's sources, as the bin runs them once built (the packaging layer runs the installed bin itself).
  const cli = ['--conditions=source', '--import', 'tsx', fileURLToPath(new URL('../../src/cli.ts', import.meta.url))];
  const bad = spawnSync(process.execPath, [...cli, '--upstream', 'nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /expected host:port/);
  const help = spawnSync(process.execPath, [...cli, '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0);
  assert.match(help.stdout, /--allow-origin/);
  const server = await sharedServer();
  const taken = spawnSync(
    process.execPath,
    [...cli, '--upstream', '127.0.0.1:1', '--listen', `${server.host}:${server.port}`, '--metrics-listen', 'off'],
    { encoding: 'utf8' },
  );
  assert.equal(taken.status, 3);
});
