// Cross-tab sync: storage events from other tabs, adopted only when newer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchStoredSession, type StorageEventLike, type StorageEventSource } from '../../../src/tokens/cross-tab.js';
import { serializeSession, type StoredSession } from '../../../src/tokens/stored-session.js';

class Source implements StorageEventSource {
  listeners = new Set<(e: StorageEventLike) => void>();
  addEventListener(_t: 'storage', l: (e: StorageEventLike) => void) {
    this.listeners.add(l);
  }
  removeEventListener(_t: 'storage', l: (e: StorageEventLike) => void) {
    this.listeners.delete(l);
  }
  emit(e: StorageEventLike) {
    for (const l of this.listeners) l(e);
  }
}

const mine: StoredSession = {
  endpoint: 'ws://h/',
  database: 'd',
  user: 'u',
  sessionId: 1,
  token: 'AAAA',
  protocolVersion: 38,
  expiresAt: 100,
  storedAt: 1,
};

test('a newer entry for the watched key is adopted; older, equal, foreign and malformed ones are not', () => {
  const source = new Source();
  const updated: StoredSession[] = [];
  let removed = 0;
  const stop = watchStoredSession(source, 'K', () => mine, {
    updated: (e) => updated.push(e),
    removed: () => removed++,
  });
  const renewed = { ...mine, token: 'BBBB', expiresAt: 200, storedAt: 2 };
  source.emit({ key: 'K', newValue: serializeSession(renewed) });
  source.emit({ key: 'K', newValue: serializeSession({ ...mine, token: 'OLD', expiresAt: 50, storedAt: 3 }) });
  source.emit({ key: 'K', newValue: serializeSession({ ...mine, storedAt: 9 }) });
  source.emit({ key: 'other', newValue: serializeSession(renewed) });
  source.emit({ key: 'K', newValue: '{not json' });
  assert.deepEqual(updated, [renewed]);
  source.emit({ key: 'K', newValue: null });
  source.emit({ key: null, newValue: null });
  assert.equal(removed, 2);
  stop();
  assert.equal(source.listeners.size, 0);
});

test('with no entry of its own, a tab adopts whatever another tab stores', () => {
  const source = new Source();
  const updated: StoredSession[] = [];
  watchStoredSession(source, 'K', () => null, { updated: (e) => updated.push(e), removed: () => undefined });
  source.emit({ key: 'K', newValue: serializeSession(mine) });
  assert.deepEqual(updated, [mine]);
});
