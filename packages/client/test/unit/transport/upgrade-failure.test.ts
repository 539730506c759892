// A failed WebSocket upgrade as each runtime reports it, the error it becomes, and its retry delay.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { failureFromMessage, retryAfterMs, upgradeRetryDelay } from '../../../src/transport/upgrade-failure.js';
import { upgradeError } from '../../../src/transport/upgrade-error.js';
import { websocket } from '../../../src/transport/websocket.js';
import { UpgradeRefusedError } from '../../../src/errors.js';

test("each runtime's words for a refused upgrade give its status; a refused TCP connect is unreachable", () => {
  assert.equal(failureFromMessage('Unexpected server response: 429').status, 429); // Node's ws
  assert.equal(
    failureFromMessage('NetworkError: failed to connect to WebSocket: Invalid status code: 403').status,
    403,
  ); // Deno
  assert.equal(
    failureFromMessage("WebSocket connection to 'ws://x/' failed: Expected 101 status code: 401").status,
    401,
  ); // Bun
  assert.equal(failureFromMessage('connect ECONNREFUSED 127.0.0.1:1').unreachable, true);
  assert.equal(failureFromMessage('NetworkError: failed to connect to WebSocket: tcp connect error').unreachable, true);
  assert.deepEqual(failureFromMessage(undefined), {});
});

test('Retry-After in seconds or as a date', () => {
  assert.equal(retryAfterMs('1'), 1000);
  assert.equal(retryAfterMs(['2']), 2000);
  assert.equal(retryAfterMs(new Date(10_000).toUTCString(), 4000), 6000);
  assert.equal(retryAfterMs('soon'), undefined);
  assert.equal(retryAfterMs(undefined), undefined);
});

test('401 and 403 are never retried; 429, 503 and a bare 1006 are; an unreachable bridge is left to the reconnect loop', async () => {
  const e = (f: Parameters<typeof upgradeError>[1]) => upgradeError('ws://b/', f, 1006);
  assert.equal((await e({ status: 401 })).retryable, false);
  assert.equal((await e({ status: 403 })).retryable, false);
  assert.equal((await e({ status: 404 })).retryable, false);
  assert.equal((await e({ status: 429 })).retryable, true);
  assert.equal((await e({ status: 503 })).retryable, true);
  assert.equal((await e({})).retryable, true);
  assert.equal((await e({ unreachable: true, detail: 'x' })).retryable, false);
  assert.ok((await e({})) instanceof UpgradeRefusedError);
});

test('a bare 1006 lists the likely causes; every message names the endpoint', async () => {
  const bare = (await upgradeError('ws://b:1/', {}, 1006)).message;
  for (const cause of ['not running', '--allow-origin', '(401)', '(429)', 'not a bridge'])
    assert.ok(bare.includes(cause), cause);
  for (const status of [401, 403, 429, 503, 404, 400])
    assert.ok((await upgradeError('ws://b:1/', { status }, 1006)).message.includes('ws://b:1/'), String(status));
});

test('the retry delay honours Retry-After plus jitter, else backoff capped at 2 s', () => {
  assert.equal(
    upgradeRetryDelay(0, { retryAfterMs: 1000 }, () => 0),
    1000,
  );
  assert.equal(
    upgradeRetryDelay(0, { retryAfterMs: 1000 }, () => 1),
    1500,
  );
  assert.equal(
    upgradeRetryDelay(0, {}, () => 0),
    100,
  );
  assert.equal(
    upgradeRetryDelay(10, {}, () => 1),
    2000,
  );
});

test('a retry that the connect deadline cuts short fails with the refusal before it, not a timeout', async () => {
  // As a browser does: the first upgrade is refused with a bare 1006; the next is held back past the deadline.
  let made = 0;
  class BrowserWebSocket {
    binaryType = 'blob';
    readonly protocol = '';
    readonly #listeners = new Map<string, (event: unknown) => void>();
    constructor() {
      if (made++ === 0) setTimeout(() => this.#listeners.get('close')?.({ code: 1006, reason: '' }), 0);
    }
    send(): void {}
    close(): void {}
    addEventListener(type: string, listener: (event: unknown) => void): void {
      this.#listeners.set(type, listener);
    }
  }
  const transport = websocket('ws://127.0.0.1:9/', { WebSocket: BrowserWebSocket, connectTimeoutMs: 1000 });
  const error = await transport.connect({ data() {}, closed() {} }).then(
    () => assert.fail('connected'),
    (e: unknown) => e,
  );
  assert.equal(made, 2, 'tried twice');
  assert.ok(error instanceof UpgradeRefusedError, String(error));
  assert.match(error.message, /Likely causes/);
});
