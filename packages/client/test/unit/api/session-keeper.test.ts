// SessionKeeper: entries written at login and on renewal, another tab's renewal adopted (and not
// written back), the keep-alive taking a stored renewal instead of pinging, removal on logout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Clock } from '../../../src/api/keep-alive.js';
import { DEFAULTS, resolveOptions, type OrientDBOptions } from '../../../src/api/options.js';
import { SessionKeeper, entryToHandle } from '../../../src/api/session-keeper.js';
import { MemoryTokenStore } from '../../../src/tokens/token-store.js';
import { StoredSessions } from '../../../src/tokens/session-entries.js';
import { serializeSession } from '../../../src/tokens/stored-session.js';
import type { StorageEventLike, StorageEventSource } from '../../../src/tokens/cross-tab.js';
import type { SessionHandle } from '../../../src/api/session-token.js';
import { token } from '../../support/token.js';

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

const ENDPOINT = 'ws://bridge/';
const PREFIX = DEFAULTS.tokenKeyPrefix;
/** The keeper is made with resolved options, as the client makes it. */
const options = (o: OrientDBOptions) => resolveOptions({ url: ENDPOINT, ...o });
/** A keep-alive whose timer never fires unless the test fires it. */
const clock = (onSet: (fn: () => void) => void = () => undefined): Clock => ({
  now: () => Date.now(),
  random: () => 0,
  setTimer: (fn) => {
    onSet(fn);
    return 1;
  },
  clearTimer: () => undefined,
});
const handle = (t: Uint8Array, resumeId = 'r1'): SessionHandle => ({
  kind: 'database',
  sessionId: 9,
  database: 'd',
  resumeId,
  token: t,
});

function keeper(store = new MemoryTokenStore(), source = new Source(), pings: string[] = []) {
  const adopted: SessionHandle[] = [];
  const k = new SessionKeeper(
    ENDPOINT,
    options({ tokenStore: store, crossTab: source }),
    {
      adopt: (h) => adopted.push(h),
      forget: () => pings.push('forget'),
      ping: async () => {
        pings.push('ping');
      },
    },
    clock(),
  );
  return { k, store, source, adopted, pings, sessions: new StoredSessions(store, PREFIX) };
}

test('login stores the entry with the expiry read from the token; a renewal is stored at once', async () => {
  const exp = Date.now() + 3_600_000;
  const { k, sessions } = keeper();
  await k.began(handle(token(exp, 1)), 'admin', 'login');
  const stored = await sessions.find(ENDPOINT);
  assert.equal(stored?.expiresAt, exp);
  assert.equal(stored?.user, 'admin');
  assert.equal(stored?.protocolVersion, 38);
  assert.ok(stored!.lifetimeMs! > 3_590_000 && stored!.lifetimeMs! <= 3_600_000);
  await k.changed(handle(token(exp + 60_000, 2)));
  assert.equal((await sessions.find(ENDPOINT))?.expiresAt, exp + 60_000);
  assert.equal(k.state?.renewals, 1);
});

test("another tab's newer token for the same session is adopted and not written back as new", async () => {
  const exp = Date.now() + 3_600_000;
  const { k, store, source, adopted, sessions } = keeper();
  await k.began(handle(token(exp, 1)), 'admin', 'login');
  const key = sessions.keyOf({ endpoint: ENDPOINT, database: 'd', user: 'admin' });
  const mine = (await sessions.find(ENDPOINT))!;
  assert.ok(entryToHandle(mine));
  const renewed = token(exp + 90_000, 7);
  const fromOtherTab = {
    ...mine,
    resumeId: 'r2',
    token: Buffer.from(renewed).toString('base64url'),
    expiresAt: exp + 90_000,
    storedAt: Date.now() + 1,
  };
  store.set(key, serializeSession(fromOtherTab));
  source.emit({ key, newValue: serializeSession(fromOtherTab) });
  assert.equal(adopted.length, 1);
  assert.deepEqual([...adopted[0]!.token], [...renewed]);
  assert.equal(k.state?.expiresAt, exp + 90_000);
  // The slot then reports the adopted token on its own connection (its own resume id): same token, no new renewal.
  await k.changed(handle(renewed, 'r1'));
  assert.equal(k.state?.renewals, 1);
  source.emit({ key, newValue: serializeSession({ ...fromOtherTab, resumeId: 'r1', storedAt: Date.now() + 2 }) });
  assert.equal(adopted.length, 1, 'only the resume id differs: nothing to adopt');
});

test('keep-alive takes a renewal another tab already stored instead of pinging', async () => {
  const exp = Date.now() + 60_000;
  let fire: (() => void) | undefined;
  const store = new MemoryTokenStore();
  const pings: string[] = [];
  const adopted: SessionHandle[] = [];
  const k = new SessionKeeper(
    ENDPOINT,
    options({ tokenStore: store, crossTab: false }),
    {
      adopt: (h) => adopted.push(h),
      forget: () => undefined,
      ping: async () => {
        pings.push('ping');
      },
    },
    clock((fn) => {
      fire = fn;
    }),
  );
  await k.began(handle(token(exp, 1)), 'admin', 'login');
  const sessions = new StoredSessions(store, PREFIX);
  const entry = (await sessions.find(ENDPOINT))!;
  await sessions.save({
    ...entry,
    token: Buffer.from(token(exp + 60_000, 3)).toString('base64url'),
    expiresAt: exp + 60_000,
    storedAt: Date.now() + 1,
  });
  fire!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(pings, []);
  assert.equal(adopted.length, 1);
  fire!();
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(pings, ['ping'], 'with nothing newer stored, it pings');
});

test('ended() removes the entry; another tab removing it makes this one forget', async () => {
  const { k, sessions, source, pings } = keeper();
  await k.began(handle(token(Date.now() + 3_600_000, 1)), 'admin', 'login');
  const key = sessions.keyOf({ endpoint: ENDPOINT, database: 'd', user: 'admin' });
  source.emit({ key, newValue: null });
  assert.deepEqual(pings, ['forget']);
  assert.equal(k.state, null);
  const again = keeper();
  await again.k.began(handle(token(Date.now() + 3_600_000, 1)), 'admin', 'login');
  await again.k.ended();
  assert.equal(await again.sessions.find(ENDPOINT), null);
});
