// The page lifecycle a client follows: park on the way out (beforeunload and pagehide), reattach when
// the back/forward cache hands the page back, and the online/offline state that pauses and wakes the
// reconnect loop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pageNetwork, watchPageLifecycle } from '../../../src/api/page-lifecycle.js';
import { reconnectLoop } from '../../../src/api/reconnect.js';

/** A stand-in for a page's window: listeners by event type, fired by the test. */
function fakePage(onLine = true) {
  const listeners = new Map<string, Array<(event: { persisted?: boolean }) => void>>();
  return {
    document: {},
    navigator: { onLine },
    addEventListener(type: string, fn: (event: { persisted?: boolean }) => void) {
      listeners.set(type, [...(listeners.get(type) ?? []), fn]);
    },
    fire(type: string, event: { persisted?: boolean } = {}) {
      for (const fn of listeners.get(type) ?? []) fn(event);
    },
    types: () => [...listeners.keys()].sort(),
  };
}

test('parks on beforeunload and on pagehide, reattaches only on a pageshow from the back/forward cache', () => {
  const page = fakePage();
  const calls: string[] = [];
  watchPageLifecycle(
    {
      park: () => {
        calls.push('park');
        return true;
      },
      returned: () => calls.push('returned'),
    },
    page,
  );
  page.fire('beforeunload');
  page.fire('pagehide', { persisted: true });
  page.fire('pageshow', { persisted: false });
  assert.deepEqual(calls, ['park', 'park']);
  page.fire('pageshow', { persisted: true });
  assert.deepEqual(calls, ['park', 'park', 'returned']);
});

test('outside a page (no document) nothing is listened to and there is no network state', () => {
  const page = { ...fakePage(), document: undefined };
  watchPageLifecycle({ park: () => true, returned: () => undefined }, page);
  assert.deepEqual(page.types(), []);
  assert.equal(pageNetwork(page), undefined);
});

test('the network state follows the offline and online events, starting from navigator.onLine', async () => {
  const page = fakePage(false);
  const network = pageNetwork(page)!;
  assert.equal(network.online, false);
  const back = network.nextOnline();
  page.fire('online');
  await back;
  assert.equal(network.online, true);
  page.fire('offline');
  assert.equal(network.online, false);
});

const schedule = { initialMs: 1, maxMs: 1, factor: 1, maxAttempts: 1000 };

test('offline: the reconnect loop makes no attempt until the network is back', async () => {
  const page = fakePage();
  const network = pageNetwork(page)!;
  page.fire('offline');
  let attempts = 0;
  const done = reconnectLoop(async () => ++attempts, { ...schedule, network, isFatal: () => false });
  // Hundreds of 1 ms delays go by: none of them ends in an attempt while offline.
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(attempts, 0);
  page.fire('online');
  assert.equal(await done, 1);
});

test('online: the loop tries at once instead of waiting out a long backoff', async () => {
  const page = fakePage();
  const network = pageNetwork(page)!;
  const hour = { initialMs: 3_600_000, maxMs: 3_600_000, factor: 1, maxAttempts: 3 };
  let waited = 0;
  const signal = AbortSignal.timeout(10_000);
  const done = reconnectLoop(async () => 'back', {
    ...hour,
    network,
    signal,
    isFatal: () => false,
    waiting: () => waited++,
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(waited, 1, 'the loop is waiting its first (half-hour or longer) delay');
  page.fire('online');
  assert.equal(await done, 'back', 'the attempt ran on the online event, long before the delay (or the 10 s abort)');
});

test('an abort ends a loop that waits for the network', async () => {
  const page = fakePage(false);
  const controller = new AbortController();
  const done = reconnectLoop(async () => 'never', {
    ...schedule,
    network: pageNetwork(page)!,
    signal: controller.signal,
    isFatal: () => false,
  });
  controller.abort(new Error('client closed'));
  await assert.rejects(done, /client closed/);
});
