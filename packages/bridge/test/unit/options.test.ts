import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type BridgeOptions, OptionsError, resolveOptions } from '../../src/options.js';

const listen = (text: string) => resolveOptions({ upstreams: ['h:1'], listen: text }).listen;
const upstreams = (...specs: BridgeOptions['upstreams']) => resolveOptions({ upstreams: specs }).upstreams;

test('host:port forms parse, bad ones throw OptionsError', () => {
  assert.deepEqual(listen('127.0.0.1:2424'), { host: '127.0.0.1', port: 2424 });
  assert.deepEqual(listen('[::1]:8080'), { host: '::1', port: 8080 });
  assert.deepEqual(listen(':0'), { host: '0.0.0.0', port: 0 });
  for (const bad of ['localhost', 'a:b', 'h:70000', '']) assert.throws(() => listen(bad), OptionsError);
});

test('upstreams: names, defaults, duplicates and port 0', () => {
  const one = (name: string, host: string, port: number) => ({ name, host, port, nodes: [{ host, port, tls: false }] });
  assert.deepEqual(upstreams('db:2424'), [one('default', 'db', 2424)]);
  assert.deepEqual(upstreams('a:1', 'db:2424')[1], one('db:2424', 'db', 2424));
  assert.deepEqual(upstreams('eu=db-eu:2424'), [one('eu', 'db-eu', 2424)]);
  assert.deepEqual(upstreams('a:1', 'b:1', 'c:1', { name: 'us', host: 'h', port: 1 })[3], one('us', 'h', 1));
  assert.throws(() => upstreams('bad name=h:1'), OptionsError);
  assert.throws(() => upstreams('h:0'), OptionsError);
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
