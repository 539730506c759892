// localStorage/sessionStorage stores over a Storage-shaped object, including storage that throws.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localStorageTokenStore } from '../../../src/tokens/local-storage-store.js';
import { sessionStorageTokenStore } from '../../../src/tokens/session-storage-store.js';
import { InvalidArgumentError } from '../../../src/errors.js';

function fakeStorage() {
  const m = new Map<string, string>();
  return {
    m,
    getItem: (k: string) => m.get(k) ?? null,
    setItem: (k: string, v: string) => void m.set(k, v),
    removeItem: (k: string) => void m.delete(k),
  };
}

test('both stores read, write and remove through the Storage they are given', () => {
  for (const make of [localStorageTokenStore, sessionStorageTokenStore]) {
    const s = fakeStorage();
    const store = make(s);
    store.set('k', 'v');
    assert.equal(s.m.get('k'), 'v');
    assert.equal(store.get('k'), 'v');
    store.remove('k');
    assert.equal(store.get('k'), null);
  }
});

test('a Storage that throws (quota, disabled) reads as empty instead of failing', () => {
  const boom = () => {
    throw new Error('QuotaExceededError');
  };
  const store = localStorageTokenStore({ getItem: boom, setItem: boom, removeItem: boom });
  assert.doesNotThrow(() => store.set('k', 'v'));
  assert.equal(store.get('k'), null);
  assert.doesNotThrow(() => store.remove('k'));
});

test('without a Storage (Node, Bun) the constructors say what to use instead', () => {
  assert.throws(
    () => localStorageTokenStore(undefined),
    (e) => e instanceof InvalidArgumentError && /memoryTokenStore/.test(e.message),
  );
  assert.throws(() => sessionStorageTokenStore(undefined), InvalidArgumentError);
});
