import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IncomingMessage } from 'node:http';
import { admit } from '../../src/admission.js';
import { PerIpCounter, RateLimiter } from '../../src/limits.js';
import { resolveOptions, type BridgeOptions } from '../../src/options.js';

const req = (headers: Record<string, string>, url = '/', peer = '10.0.0.1') =>
  ({ headers, url, socket: { remoteAddress: peer } }) as unknown as IncomingMessage;
const proto = { 'sec-websocket-protocol': 'orientdb-edge.v1' };
const state = (over: Partial<{ draining: boolean; open: number }> = {}) => ({
  draining: false,
  open: 0,
  perIp: new PerIpCounter(),
  rate: new RateLimiter(0),
  ...over,
});
const opts = (o: Partial<BridgeOptions> = {}) =>
  resolveOptions({ upstreams: ['h:1'], allowOrigins: ['https://app.example'], ...o });
const verdict = (r: ReturnType<typeof admit>) => (r.ok ? 'ok' : `${r.status} ${r.reason}`);

test('Origin: exact match only; missing refused unless allowed', () => {
  assert.equal(verdict(admit(req({ origin: 'https://app.example', ...proto }), opts(), state())), 'ok');
  assert.equal(verdict(admit(req({ origin: 'https://app.example.evil', ...proto }), opts(), state())), '403 origin');
  assert.equal(verdict(admit(req({ origin: 'http://app.example', ...proto }), opts(), state())), '403 origin');
  assert.equal(verdict(admit(req({ origin: 'https://app.example:443/', ...proto }), opts(), state())), '403 origin');
  assert.equal(verdict(admit(req({ ...proto }), opts(), state())), '403 origin');
  assert.equal(verdict(admit(req({ ...proto }), opts({ allowMissingOrigin: true }), state())), 'ok');
});

test('access token via query or bearer header, compared exactly', () => {
  const o = opts({ accessToken: 'a-long-enough-token' });
  const h = { origin: 'https://app.example', ...proto };
  assert.equal(verdict(admit(req(h), o, state())), '401 token');
  assert.equal(verdict(admit(req(h, '/?access_token=a-long-enough-token'), o, state())), 'ok');
  assert.equal(verdict(admit(req(h, '/?access_token=a-long-enough-tokeN'), o, state())), '401 token');
  assert.equal(verdict(admit(req({ ...h, authorization: 'Bearer a-long-enough-token' }), o, state())), 'ok');
  // The query token is URL-decoded and found among other parameters.
  const spaced = opts({ accessToken: 'a long enough token' });
  assert.equal(verdict(admit(req(h, '/x?a=1&access_token=a%20long%20enough%20token'), spaced, state())), 'ok');
});

test('subprotocol, draining, caps and rate', () => {
  const h = { origin: 'https://app.example', ...proto };
  assert.equal(
    verdict(admit(req({ origin: 'https://app.example', 'sec-websocket-protocol': 'other, x' }), opts(), state())),
    '400 subprotocol',
  );
  assert.equal(
    verdict(
      admit(req({ origin: 'https://app.example', 'sec-websocket-protocol': 'x, orientdb-edge.v1' }), opts(), state()),
    ),
    'ok',
  );
  assert.equal(verdict(admit(req(h), opts(), state({ draining: true }))), '503 draining');
  assert.equal(verdict(admit(req(h), opts({ maxConnections: 2 }), state({ open: 2 }))), '503 capacity');
  const s = state();
  s.perIp.add('10.0.0.1');
  assert.equal(verdict(admit(req(h), opts({ maxConnectionsPerIp: 1 }), s)), '429 per_ip');
  assert.equal(verdict(admit(req(h, '/', '10.0.0.2'), opts({ maxConnectionsPerIp: 1 }), s)), 'ok');
  const limited = { ...state(), rate: new RateLimiter(1, () => 0) };
  assert.equal(verdict(admit(req(h), opts(), limited)), 'ok');
  assert.equal(verdict(admit(req(h), opts(), limited)), '429 rate');
});

test('X-Forwarded-For is believed only from trusted proxies, right-most entry', () => {
  const r = req({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2' }, '/', '10.0.0.9');
  const ip = (trustedProxies: string[]) => admit(r, opts({ trustedProxies }), state()).ip;
  assert.equal(ip([]), '10.0.0.9');
  assert.equal(ip(['10.0.0.9']), '2.2.2.2');
  assert.equal(ip(['10.0.0.8']), '10.0.0.9');
});
