import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OptionsError, parseHostPort, parseUpstream, resolveOptions } from '../../src/options.js';

test('host:port forms parse, bad ones throw OptionsError', () => {
  assert.deepEqual(parseHostPort('127.0.0.1:2424', 'x'), { host: '127.0.0.1', port: 2424 });
  assert.deepEqual(parseHostPort('[::1]:8080', 'x'), { host: '::1', port: 8080 });
  assert.deepEqual(parseHostPort(':0', 'x'), { host: '0.0.0.0', port: 0 });
  for (const bad of ['localhost', 'a:b', 'h:70000', '']) assert.throws(() => parseHostPort(bad, 'x'), OptionsError);
});

test('upstreams: names, defaults, duplicates and port 0', () => {
  assert.deepEqual(parseUpstream('db:2424', 0), { name: 'default', host: 'db', port: 2424 });
  assert.deepEqual(parseUpstream('db:2424', 1), { name: 'db:2424', host: 'db', port: 2424 });
  assert.deepEqual(parseUpstream('eu=db-eu:2424', 0), { name: 'eu', host: 'db-eu', port: 2424 });
  assert.deepEqual(parseUpstream({ name: 'us', host: 'h', port: 1 }, 3), { name: 'us', host: 'h', port: 1 });
  assert.throws(() => parseUpstream('bad name=h:1', 0), OptionsError);
  assert.throws(() => parseUpstream('h:0', 0), OptionsError);
  assert.throws(() => resolveOptions({ upstreams: ['a=h:1', 'a=h:2'] }), /duplicate/);
  assert.throws(() => resolveOptions({ upstreams: [] }), /at least one upstream/);
});

test('defaults and limits', () => {
  const o = resolveOptions({ upstreams: ['h:2424'] });
  assert.deepEqual(o.listen, { host: '127.0.0.1', port: 8080 });
  assert.equal(o.maxPayload, 16 * 1024 * 1024);
  assert.equal(o.parkGraceMs, 120_000);
  assert.equal(o.allowMissingOrigin, false);
  assert.ok(o.hardLimit > 2 * o.maxPayload);
  assert.throws(() => resolveOptions({ upstreams: ['h:1'], maxPayload: 16 * 1024 * 1024 + 1 }), /at most/);
  assert.throws(() => resolveOptions({ upstreams: ['h:1'], maxConnections: 0 }), OptionsError);
  assert.throws(() => resolveOptions({ upstreams: ['h:1'], idleTimeoutMs: -1 }), OptionsError);
  assert.throws(() => resolveOptions({ upstreams: ['h:1'], highWaterMark: 10, hardLimit: 5 }), /hardLimit/);
  assert.throws(() => resolveOptions({ upstreams: ['h:1'], accessToken: 'short' }), /16 characters/);
});

test('origins must be bare origins', () => {
  assert.ok(
    resolveOptions({ upstreams: ['h:1'], allowOrigins: ['https://app.example.com'] }).allowOrigins.has(
      'https://app.example.com',
    ),
  );
  assert.throws(
    () => resolveOptions({ upstreams: ['h:1'], allowOrigins: ['https://app.example.com/'] }),
    /did you mean "https:\/\/app.example.com"/,
  );
  assert.throws(() => resolveOptions({ upstreams: ['h:1'], allowOrigins: ['app.example.com'] }), OptionsError);
});
