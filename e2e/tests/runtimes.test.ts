// Deno and Bun (from their npm packages) import the built client and talk to the real OrientDB over
// TCP and through the bridge; a second process, without the password, reattaches: over TCP with the
// first one's token, through the bridge from localStorage (Deno, --location) or the token (Bun).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Bridge } from '@orientdb-edge/bridge';
import {
  describeServer,
  type OrientDBServer,
  type ServerInfo,
  startOrientDB,
  type TestDatabase,
} from '@orientdb-edge/testkit';
import { bridgeFor, NODE_NAMES, nodesDatabase } from '../support/fixtures.js';
import { lastJson, runScript } from '../support/runtimes.js';

let orientdb: OrientDBServer;
let server: ServerInfo;
let db: TestDatabase;
let bridge: Bridge;
before(async () => {
  // OrientDB drops a closed socket's session at the next run of its clean-up timer, anywhere from 0 to
  // server.channel.cleanDelay after the close: with the shared server's 5 s, the second process sometimes
  // came after it and took the stateless route. A minute covers a runtime's start.
  orientdb = await startOrientDB({ cleanDelayMs: 60_000 });
  server = describeServer(orientdb);
  db = await nodesDatabase(server);
  bridge = await bridgeFor(server);
});
after(async () => {
  await bridge?.close();
  await orientdb?.stop();
});

const env = () => ({
  ODB_HOST: server.host,
  ODB_PORT: String(server.port),
  ODB_DB: db.name,
  ODB_USER: db.user,
  ODB_PASSWORD: db.password,
});

interface SmokeOut {
  runtime: string;
  hasLocalStorage: boolean;
  tcpRows: string[];
  tcpVia?: string;
  wsRows?: number;
  wsVia?: string;
  token: string;
  wsToken?: string;
  parked?: boolean;
}

const RUNNERS = {
  deno: [
    'run',
    '--allow-net',
    '--allow-env',
    '--allow-read',
    '--location',
    'http://orientdb-edge.test/',
    'e2e/runtimes/smoke.js',
  ],
  bun: ['run', 'e2e/runtimes/smoke.js'],
} as const;

for (const name of ['deno', 'bun'] as const) {
  test(`${name}: TCP and bridge sessions, then a second process reattaches by token`, async () => {
    const first = await runScript(name, [...RUNNERS[name]], { ...env(), BRIDGE_URL: bridge.url });
    assert.equal(first.code, 0, first.stderr);
    const out = lastJson(first.stdout) as SmokeOut;
    assert.match(out.runtime, new RegExp(`^${name} `));
    assert.deepEqual(out.tcpRows, NODE_NAMES);
    assert.equal(out.wsRows, NODE_NAMES.length);
    assert.equal(out.hasLocalStorage, name === 'deno', 'Deno has localStorage with --location; Bun has none');
    assert.ok(out.token.length > 20, 'a session token is exposed');

    assert.equal(out.wsVia, 'login');
    assert.equal(out.parked, true, 'the bridge connection is parked for the next process');

    const second = await runScript(name, [...RUNNERS[name]], {
      ...env(),
      ODB_PASSWORD: '',
      BRIDGE_URL: bridge.url,
      REATTACH_TOKEN: out.token,
      REATTACH_WS_TOKEN: out.wsToken ?? '',
    });
    assert.equal(second.code, 0, second.stderr);
    const again = lastJson(second.stdout) as SmokeOut;
    assert.deepEqual(again.tcpRows, NODE_NAMES, 'reattached over TCP with the token, without credentials');
    assert.equal(again.tcpVia, 'session');
    assert.equal(again.wsRows, NODE_NAMES.length);
    assert.equal(
      again.wsVia,
      'resume',
      name === 'deno'
        ? 'Deno: the session found in localStorage resumes the parked bridge connection'
        : 'Bun: the token passed in resumes the parked bridge connection',
    );
  });
}
