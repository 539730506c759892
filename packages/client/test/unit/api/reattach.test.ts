// The reattach route order and verdicts: cheapest first, fall through on refusals, stop on outages,
// skip an almost-expired token, and remove the entry before SessionExpiredError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reattach, type ReattachRoute } from '../../../src/api/reattach.js';
import { BridgeError, ConnectionRefusedError, SessionExpiredError, TokenError } from '../../../src/errors.js';
import type { StoredSession } from '../../../src/tokens/stored-session.js';

const NOW = 1_000_000;
const entry = (over: Partial<StoredSession> = {}): StoredSession => ({
  endpoint: 'ws://h/',
  database: 'd',
  user: 'u',
  sessionId: 3,
  token: 'AAAA',
  protocolVersion: 38,
  expiresAt: NOW + 3_600_000,
  storedAt: NOW - 1,
  resumeId: 'r',
  ...over,
});
const tokenError = () =>
  new TokenError({
    javaClass: 'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException',
    serverMessage: 'missing session and token',
    errorCode: 0,
    errorIdentifier: 0,
  });

function routes(outcomes: Partial<Record<ReattachRoute, Error | 'ok'>>, tried: ReattachRoute[]) {
  const out: Partial<Record<ReattachRoute, () => Promise<void>>> = {};
  for (const [route, result] of Object.entries(outcomes) as Array<[ReattachRoute, Error | 'ok']>) {
    out[route] = async () => {
      tried.push(route);
      if (result !== 'ok') throw result;
    };
  }
  return out;
}

test('the first route that works wins, and the refusals before it are reported', async () => {
  const tried: ReattachRoute[] = [];
  const removed: StoredSession[] = [];
  const result = await reattach(
    entry(),
    routes(
      {
        resume: new BridgeError(4404, 'unknown resume id'),
        session: tokenError(),
        stateless: 'ok',
        reauthenticate: 'ok',
      },
      tried,
    ),
    { now: () => NOW, remove: (e) => void removed.push(e) },
  );
  assert.equal(result.route, 'stateless');
  assert.deepEqual(tried, ['resume', 'session', 'stateless']);
  assert.deepEqual(
    result.refused.map((r) => r.route),
    ['resume', 'session'],
  );
  assert.equal(removed.length, 0);
});

test('without a resume id the bridge route is not tried', async () => {
  const tried: ReattachRoute[] = [];
  await reattach(entry({ resumeId: undefined }), routes({ resume: 'ok', session: 'ok' }, tried), {
    now: () => NOW,
    remove: () => undefined,
  });
  assert.deepEqual(tried, ['session']);
});

test('all routes refused: the entry is removed and SessionExpiredError says why', async () => {
  const removed: StoredSession[] = [];
  const e = entry();
  await assert.rejects(
    reattach(e, routes({ resume: new BridgeError(4404, 'gone'), session: tokenError() }, []), {
      now: () => NOW,
      remove: (x) => void removed.push(x),
    }),
    (err) => err instanceof SessionExpiredError && /missing session and token/.test(err.message),
  );
  assert.deepEqual(removed, [e]);
});

test('an unreachable bridge or server stops the attempt and keeps the entry', async () => {
  const tried: ReattachRoute[] = [];
  let removed = 0;
  await assert.rejects(
    reattach(entry(), routes({ resume: new ConnectionRefusedError('down'), session: 'ok' }, tried), {
      now: () => NOW,
      remove: () => void removed++,
    }),
    ConnectionRefusedError,
  );
  assert.deepEqual(tried, ['resume']);
  assert.equal(removed, 0);
});

test('a token too close to expiry is not used: only reauthenticate may run, else SessionExpired', async () => {
  const tried: ReattachRoute[] = [];
  const near = entry({ expiresAt: NOW + 5_000 });
  const result = await reattach(near, routes({ resume: 'ok', session: 'ok', reauthenticate: 'ok' }, tried), {
    now: () => NOW,
    minRemainingMs: 10_000,
    remove: () => undefined,
  });
  assert.equal(result.route, 'reauthenticate');
  assert.deepEqual(tried, ['reauthenticate']);
  let removed = 0;
  await assert.rejects(
    reattach(near, routes({ resume: 'ok', session: 'ok' }, []), {
      now: () => NOW,
      minRemainingMs: 10_000,
      remove: () => void removed++,
    }),
    SessionExpiredError,
  );
  assert.equal(removed, 1);
});
