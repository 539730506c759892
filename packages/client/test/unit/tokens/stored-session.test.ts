// Stored session entries: JSON form, validation, keys, the newer-wins rule, and the per-endpoint index.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryTokenStore } from '../../../src/tokens/token-store.js';
import { StoredSessions } from '../../../src/tokens/session-entries.js';
import {
  newerSession,
  parseSession,
  serializeSession,
  sessionKey,
  type StoredSession,
} from '../../../src/tokens/stored-session.js';

const PREFIX = 'orientdb-edge:';

const entry = (over: Partial<StoredSession> = {}): StoredSession => ({
  endpoint: 'ws://127.0.0.1:8080/',
  database: 'tinkerhome',
  user: 'admin',
  sessionId: 7,
  token: 'AAEC',
  protocolVersion: 38,
  expiresAt: 2_000_000,
  storedAt: 1_000_000,
  ...over,
});

test('serialize then parse gives the same entry, with and without the optional fields', () => {
  for (const e of [entry(), entry({ resumeId: 'r1', lifetimeMs: 3_600_000 })])
    assert.deepEqual(parseSession(serializeSession(e)), e);
  assert.doesNotMatch(serializeSession(entry()), /password/i);
});

test('malformed or foreign entries parse as null', () => {
  for (const text of [
    null,
    '',
    'x',
    '[]',
    '{"v":2}',
    JSON.stringify({ ...entry(), v: 1, token: '' }),
    JSON.stringify({ ...entry(), v: 1, sessionId: '7' }),
    JSON.stringify({ ...entry(), v: 1, resumeId: 3 }),
  ]) {
    assert.equal(parseSession(text), null, String(text));
  }
});

test('keys separate endpoint, database and user even when they contain the separator', () => {
  const a = sessionKey(PREFIX, 'ws://h/', 'a|b', 'c');
  const b = sessionKey(PREFIX, 'ws://h/', 'a', 'b|c');
  assert.notEqual(a, b);
});

test('newer wins: a later expiry, else a later write', () => {
  const old = entry({ expiresAt: 10, storedAt: 5 });
  const renewed = entry({ token: 'BBBB', expiresAt: 20, storedAt: 1 });
  assert.equal(newerSession(old, renewed), renewed);
  assert.equal(newerSession(renewed, old), renewed);
  const moved = entry({ expiresAt: 10, storedAt: 6, resumeId: 'r2' });
  assert.equal(newerSession(old, moved), moved);
  assert.equal(newerSession(null, old), old);
});

test('StoredSessions: save, find by endpoint alone or by database/user, no downgrade, remove', async () => {
  const store = new MemoryTokenStore();
  const sessions = new StoredSessions(store, 'p:');
  const a = entry({ database: 'a', storedAt: 1 });
  const b = entry({ database: 'b', storedAt: 2 });
  await sessions.save(a);
  await sessions.save(b);
  assert.deepEqual(await sessions.find(a.endpoint), b, 'the last stored comes first');
  assert.deepEqual(await sessions.find(a.endpoint, { database: 'a' }), a);
  assert.deepEqual(await sessions.find(a.endpoint, { database: 'a', user: 'admin' }), a);
  assert.equal(await sessions.find(a.endpoint, { user: 'reader' }), null);
  assert.equal(await sessions.find('ws://elsewhere/'), null);

  const stale = { ...a, token: 'OLD', expiresAt: a.expiresAt - 1, storedAt: 99 };
  assert.deepEqual(await sessions.save(stale), a, 'an older token does not replace a renewed one');
  assert.equal((await sessions.find(a.endpoint, { database: 'a' }))?.token, a.token);

  await sessions.remove(b);
  assert.deepEqual(await sessions.find(a.endpoint), a);
  await sessions.remove(a);
  assert.equal(await sessions.find(a.endpoint), null);
  assert.equal(store.get('p:i|' + encodeURIComponent(a.endpoint)), null, 'the empty index is removed');
});

test('StoredSessions works over an async store', async () => {
  const inner = new MemoryTokenStore();
  const store = {
    get: async (k: string) => inner.get(k),
    set: async (k: string, v: string) => inner.set(k, v),
    remove: async (k: string) => inner.remove(k),
  };
  const sessions = new StoredSessions(store, PREFIX);
  await sessions.save(entry());
  assert.deepEqual(await sessions.find(entry().endpoint), entry());
});
