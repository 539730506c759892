import { test } from 'node:test';
import assert from 'node:assert/strict';
import { helpText, parseCli } from '../../src/cli-options.js';
import { OptionsError } from '../../src/options.js';

const run = (argv: string[], env: Record<string, string> = {}, files: Record<string, string> = {}) => {
  const c = parseCli(argv, env, (p) => {
    if (!(p in files)) throw new Error('ENOENT');
    return files[p]!;
  });
  assert.equal(c.kind, 'run');
  return c.kind === 'run' ? c.options : undefined!;
};

test('flags: repeatable lists, ints, booleans, = form', () => {
  const o = run([
    '--listen',
    '0.0.0.0:9000',
    '--upstream',
    'a=h:1',
    '--upstream=b=h:2',
    '--allow-origin',
    'https://x.example',
    '--allow-origin',
    'https://y.example',
    '--allow-missing-origin',
    '--max-payload',
    '1024',
    '--park-grace-ms=0',
  ]);
  assert.equal(o.listen, '0.0.0.0:9000');
  assert.deepEqual(o.upstreams, ['a=h:1', 'b=h:2']);
  assert.deepEqual(o.allowOrigins, ['https://x.example', 'https://y.example']);
  assert.equal(o.allowMissingOrigin, true);
  assert.equal(o.maxPayload, 1024);
  assert.equal(o.parkGraceMs, 0);
  assert.equal(o.logLevel, 'info');
});

test('environment variables, comma lists, and flags winning over them', () => {
  const env = {
    ORIENTDB_EDGE_BRIDGE_UPSTREAM: 'h:1, n=h:2',
    ORIENTDB_EDGE_BRIDGE_MAX_CONNECTIONS: '7',
    ORIENTDB_EDGE_BRIDGE_ALLOW_MISSING_ORIGIN: 'true',
    ORIENTDB_EDGE_BRIDGE_LOG_LEVEL: 'warn',
  };
  const o = run([], env);
  assert.deepEqual(o.upstreams, ['h:1', 'n=h:2']);
  assert.equal(o.maxConnections, 7);
  assert.equal(o.allowMissingOrigin, true);
  assert.equal(o.logLevel, 'warn');
  assert.equal(run(['--max-connections', '9', '--no-allow-missing-origin'], env).maxConnections, 9);
  assert.equal(run(['--no-allow-missing-origin'], env).allowMissingOrigin, false);
});

test('files: access token trimmed, TLS cert and key together', () => {
  const files = { '/t': 'secret-token-0123456789\n', '/c': 'CERT', '/k': 'KEY' };
  const o = run(['--upstream', 'h:1', '--access-token-file', '/t', '--tls-cert', '/c', '--tls-key', '/k'], {}, files);
  assert.equal(o.accessToken, 'secret-token-0123456789');
  assert.deepEqual(o.tls, { cert: 'CERT', key: 'KEY' });
  assert.throws(() => run(['--upstream', 'h:1', '--tls-cert', '/c'], {}, files), /go together/);
  assert.throws(() => run(['--upstream', 'h:1', '--access-token-file', '/missing'], {}, files), /cannot read/);
});

test('usage errors are OptionsError', () => {
  assert.throws(() => parseCli([], {}), OptionsError);
  assert.throws(() => parseCli(['--upstream'], {}), /needs a value/);
  assert.throws(() => parseCli(['--nope', 'x'], {}), /unknown flag/);
  assert.throws(() => parseCli(['--upstream', 'h:1', '--max-payload', '1e3'], {}), /non-negative integer/);
  assert.throws(() => parseCli(['--upstream', 'h:1', '--listen', 'a:1', '--listen', 'b:2'], {}), /more than once/);
  assert.throws(() => parseCli(['positional'], {}), /unexpected argument/);
});

test('--help lists every flag with its environment variable', () => {
  assert.deepEqual(parseCli(['--upstream', 'h:1', '--help'], {}), { kind: 'help' });
  assert.deepEqual(parseCli(['--version'], {}), { kind: 'version' });
  // helpText() walks the flag table, so each entry it prints is a flag parseCli knows.
  const help = helpText();
  const entries = [...help.matchAll(/^ {2}--([a-z-]+).*\n {6}.*\. Env: ([A-Z_]+)/gm)];
  const flagLines = help.match(/^ {2}--[a-z-]+(?:$| <)/gm) ?? [];
  assert.ok(entries.length > 10);
  assert.equal(entries.length, flagLines.length, 'every flag line has its Env: line');
  for (const [, flag, env] of entries) {
    assert.equal(env, `ORIENTDB_EDGE_BRIDGE_${flag!.toUpperCase().replaceAll('-', '_')}`, flag);
    assert.throws(
      () => parseCli([`--${flag}`], {}),
      (e: Error) => !/unknown flag/.test(e.message),
      flag,
    );
  }
});
