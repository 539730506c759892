import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionsError, resolveOptions } from '../../src/options.js';
import { parseCli } from '../../src/cli-options.js';

test('an upstream lists several nodes, tried in order; tls:// marks a TLS node', () => {
  const [main] = resolveOptions({ upstreams: ['main=h1:2424,tls://h2:2434'] }).upstreams;
  assert.deepEqual(main, {
    name: 'main',
    host: 'h1',
    port: 2424,
    nodes: [
      { host: 'h1', port: 2424, tls: false },
      { host: 'h2', port: 2434, tls: true },
    ],
  });
  assert.throws(() => resolveOptions({ upstreams: ['main=h1:2424,h2:0'] }), OptionsError);
  assert.throws(() => resolveOptions({ upstreams: [{ name: 'x', nodes: [] }] }), /nodes is empty/);
});

test('the CLI: --upstream-ca is read from its file, ; separates upstreams in the environment', () => {
  const cli = parseCli(
    ['--upstream-ca', '/ca.pem', '--no-upstream-reject-unauthorized', '--instance-id', 'b1'],
    { ORIENTDB_EDGE_BRIDGE_UPSTREAM: 'main=h1:1,h2:1; eu=h3:1' },
    () => 'PEM',
  );
  assert.equal(cli.kind, 'run');
  if (cli.kind !== 'run') return;
  assert.deepEqual(cli.options.upstreams, ['main=h1:1,h2:1', 'eu=h3:1']);
  assert.deepEqual(cli.options.upstreamTls, { ca: 'PEM', servername: undefined, rejectUnauthorized: false });
  const o = resolveOptions(cli.options);
  assert.equal(o.instanceId, 'b1');
  assert.deepEqual(o.upstreamTls.ca, ['PEM']);
  assert.throws(() => resolveOptions({ upstreams: ['h:1'], instanceId: 'no spaces' }), /instanceId/);
  assert.equal(resolveOptions({ upstreams: ['h:1'] }).upstreamConnectConcurrency, 32);
});
