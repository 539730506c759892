// The per-connection gate: allowed requests' bytes forwarded unchanged and in order, refused ones dropped
// and numbered (the handshake is 1), any split of the stream, a login alone in flight until its status
// byte, the throttle fed by that byte, and an unreadable stream.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  REQUEST_CONNECT,
  REQUEST_DB_LIST,
  REQUEST_DB_OPEN,
  REQUEST_DB_SIZE,
  REQUEST_HANDSHAKE,
  REQUEST_QUERY,
} from '@orientdb-edge/client/protocol';
import { createLogger, type LogRecord } from '../../src/logger.js';
import { LoginThrottle } from '../../src/login-throttle.js';
import type { Policy } from '../../src/policy.js';
import { RequestGate } from '../../src/request-gate.js';
import { POLICY } from '../support/policy.js';
import { HANDSHAKE_ARGS, requestBytes, token } from '../support/requests.js';

function gate(o: { policy?: Partial<Policy>; resumed?: boolean; throttle?: LoginThrottle } = {}) {
  const forwarded: Buffer[] = [];
  const refused: Array<[number, string]> = [];
  const failed: string[] = [];
  const logs: LogRecord[] = [];
  const throttle = o.throttle ?? new LoginThrottle({ perAddress: 5, perUser: 20, windowMs: 60_000 });
  const g = new RequestGate(
    {
      policy: { ...POLICY, ...o.policy },
      throttle,
      log: createLogger('debug', (r) => logs.push(r)),
      conn: 1,
      upstream: 'default',
      address: '10.0.0.1',
      resumed: o.resumed ?? false,
      framing: undefined,
      maxRequestSize: 1024 * 1024,
      maxHeld: 1024 * 1024,
    },
    {
      forward: (b) => forwarded.push(Buffer.from(b)),
      refuse: (n, code) => refused.push([n, code]),
      fail: (kind, reason) => failed.push(`${kind}: ${reason}`),
    },
  );
  return { g, forwarded: () => Buffer.concat(forwarded), writes: forwarded, refused, failed, logs, throttle };
}

const hs = requestBytes(REQUEST_HANDSHAKE, HANDSHAKE_ARGS);
const tok = token({ database: 'demo' });
const size = requestBytes(REQUEST_DB_SIZE, undefined, 3, tok);
const query = requestBytes(REQUEST_QUERY, { statement: 'select 1', mode: 'query' }, 3, tok);
const list = requestBytes(REQUEST_DB_LIST, undefined, 3, tok);
const open = (database = 'demo', user = 'reader') =>
  requestBytes(REQUEST_DB_OPEN, { database, user, password: 'secret-password' });

test('allowed requests go through byte for byte, in one write when they came in one message; refused ones are numbered from the handshake', () => {
  const t = gate();
  t.g.fromUpstream(Buffer.from([0, 38])); // the greeting
  t.g.push(Buffer.concat([hs, size, list, query]));
  assert.deepEqual(t.refused, [[3, 'server_operation']]);
  assert.deepEqual(t.forwarded(), Buffer.concat([hs, size, query]));
  assert.equal(t.writes.length, 2, 'one write before the refused request, one after');
  assert.equal(t.g.held, 0);
  assert.equal(t.g.identity?.startsWith('demo\u0000'), true, 'the token relayed is remembered');
});

test('any split of the stream gives the same bytes and the same refusals', () => {
  const stream = Buffer.concat([hs, size, list, query, list, size]);
  const whole = gate();
  whole.g.push(stream);
  for (const step of [1, 2, 7, 33]) {
    const t = gate();
    for (let i = 0; i < stream.length; i += step) t.g.push(stream.subarray(i, i + step));
    assert.deepEqual(t.forwarded(), whole.forwarded(), `step ${step}`);
    assert.deepEqual(t.refused, [
      [3, 'server_operation'],
      [5, 'server_operation'],
    ]);
  }
});

test('a login goes alone: what follows waits for its status byte; a failure feeds the throttle and the log, never the password', () => {
  const t = gate();
  t.g.push(Buffer.concat([hs, open(), size]));
  assert.deepEqual(t.forwarded(), Buffer.concat([hs, open()]), 'DB_SIZE held behind the login');
  t.g.fromUpstream(Buffer.from([0])); // half of the greeting
  t.g.fromUpstream(Buffer.from([38]));
  assert.deepEqual(t.forwarded(), Buffer.concat([hs, open()]), 'the greeting is not the answer');
  t.g.fromUpstream(Buffer.from([1, 0xff, 0xff, 0xff, 0xff]));
  assert.deepEqual(t.forwarded(), Buffer.concat([hs, open(), size]));
  const other = gate({ throttle: new LoginThrottle({ perAddress: 1, perUser: 20, windowMs: 60_000 }) });
  other.g.push(Buffer.concat([hs, open()]));
  other.g.fromUpstream(Buffer.from([0, 38, 0]));
  assert.equal(other.throttle.blocked('10.0.0.1', 'reader'), undefined, 'a success is not counted');
  const failure = t.logs.find((r) => r.msg === 'login_failed');
  assert.deepEqual(
    { user: failure?.user, database: failure?.database, ip: failure?.ip },
    { user: 'reader', database: 'demo', ip: '10.0.0.1' },
  );
  assert.equal(JSON.stringify(t.logs).includes('secret-password'), false);
});

test('a second login on the same WebSocket, or one after another request, is refused (login_order)', () => {
  const t = gate();
  t.g.fromUpstream(Buffer.from([0, 38]));
  t.g.push(Buffer.concat([hs, open(), open()]));
  assert.deepEqual(t.refused, [[3, 'login_order']]);
  const u = gate({ policy: { allowServerOps: true } });
  u.g.push(Buffer.concat([hs, size, open()]));
  assert.deepEqual(u.refused, [[3, 'login_order']]);
  const r = gate({ resumed: true });
  r.g.push(open());
  assert.deepEqual(r.refused, [[1, 'login_order']], 'a resumed connection has no greeting to count from');
});

test('a clean address may log in many times at once; after a failure, logins in flight count until answered', () => {
  const throttle = new LoginThrottle({ perAddress: 5, perUser: 20, windowMs: 60_000 });
  const burst = Array.from({ length: 20 }, (_, i) => {
    const t = gate({ throttle });
    t.g.fromUpstream(Buffer.from([0, 38]));
    t.g.push(Buffer.concat([hs, open('demo', `user${i}`)]));
    return t;
  });
  assert.deepEqual(
    burst.flatMap((t) => t.refused),
    [],
    'a page opening 20 sessions at once',
  );
  burst[0]!.g.fromUpstream(Buffer.from([1])); // one of them failed
  for (const t of burst.slice(1)) t.g.fromUpstream(Buffer.from([0]));
  for (let i = 0; i < 4; i++) gate({ throttle }).g.push(Buffer.concat([hs, open('demo', `again${i}`)]));
  const late = gate({ throttle });
  late.g.push(Buffer.concat([hs, open('demo', 'late')]));
  assert.deepEqual(late.refused, [[2, 'login_throttled']], '1 failure + 4 in flight reach the limit of 5');
});

test('after five failures from one address its logins are refused and logged', () => {
  const throttle = new LoginThrottle({ perAddress: 5, perUser: 20, windowMs: 60_000 });
  for (let i = 0; i < 5; i++) {
    const t = gate({ throttle });
    t.g.fromUpstream(Buffer.from([0, 38]));
    t.g.push(Buffer.concat([hs, open('demo', `user${i}`)]));
    t.g.fromUpstream(Buffer.from([1]));
  }
  const t = gate({ throttle });
  t.g.push(Buffer.concat([hs, open('demo', 'root'), size]));
  assert.deepEqual(t.refused, [[2, 'login_throttled']]);
  assert.deepEqual(t.forwarded(), Buffer.concat([hs, size]), 'nothing held behind a refused login');
  const line = t.logs.find((r) => r.msg === 'login_refused');
  assert.equal(line?.user, 'root');
  assert.equal(line?.why, 'too_many_failures_address');
});

test('CONNECT is a server login: refused by default, throttled like DB_OPEN when allowed', () => {
  const connect = requestBytes(REQUEST_CONNECT, { user: 'root', password: 'x' });
  const t = gate();
  t.g.push(Buffer.concat([hs, connect]));
  assert.deepEqual(t.refused, [[2, 'server_operation']]);
  const u = gate({ policy: { allowServerOps: true } });
  u.g.push(Buffer.concat([hs, connect, size]));
  assert.deepEqual(u.forwarded(), Buffer.concat([hs, connect]));
});

test('an unknown opcode stops the stream: nothing after it is forwarded', () => {
  const t = gate();
  t.g.push(Buffer.concat([hs, size, Buffer.from([99, 0, 0, 0, 1]), size]));
  assert.deepEqual(t.forwarded(), Buffer.concat([hs, size]).subarray(0, 0), 'the message is judged whole first');
  assert.equal(t.failed.length, 1);
  assert.match(t.failed[0]!, /^unreadable: unknown request opcode 99/);
  t.g.push(size);
  assert.equal(t.failed.length, 1);
});
