// The hello as the bridge reads it, with the codec it shares with the client: what the client's transport
// sends decodes here, what the bridge writes the client accepts, and bad hellos keep their close codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pack } from 'msgpackr';
import { websocket, type WebSocketLike } from '@orientdb-edge/client';
import {
  decodeBridgeHello,
  decodeBridgeWelcome as decodeWelcome,
  encodeBridgeHello as encodeHello,
  encodeBridgeWelcome as encodeWelcome,
} from '@orientdb-edge/client/protocol';
import { CLOSE, SUBPROTOCOL, decodeWelcome as publicDecodeWelcome } from '../../src/index.js';
import { decideOpening } from '../../src/opening.js';

/** A text frame never reaches the codec: the bridge refuses it before looking at the bytes. */
const textOpening = (data: Uint8Array) =>
  decideOpening(data, false, { parking: null as never, upstream: () => undefined });

const dec = (value: unknown) => decodeBridgeHello(pack(value));

test('a valid hello decodes, with and without optional fields', () => {
  assert.deepEqual(decodeBridgeHello(encodeHello({ v: 1 })), { ok: true, hello: { v: 1 } });
  assert.deepEqual(dec({ v: 1, resume: 'abc', upstream: 'eu', extra: 5 }), {
    ok: true,
    hello: { v: 1, resume: 'abc', upstream: 'eu' },
  });
  // fixmap { "v": 1 } written by hand
  assert.deepEqual(decodeBridgeHello(Buffer.from([0x81, 0xa1, 0x76, 0x01])), { ok: true, hello: { v: 1 } });
});

test('missing, malformed, truncated and text hellos are 4400; other versions 4426', () => {
  const code = (r: ReturnType<typeof decodeBridgeHello>) => (r.ok ? 0 : r.code);
  assert.equal(code(decodeBridgeHello(Buffer.alloc(0))), 4400);
  assert.equal(code(decodeBridgeHello(Buffer.from('garbage!'))), 4400);
  assert.equal(code(decodeBridgeHello(encodeHello({ v: 1, resume: 'abcdef' }).subarray(0, 6))), 4400);
  assert.equal(code(decodeBridgeHello(Buffer.concat([encodeHello({ v: 1 }), Buffer.from([0])]))), 4400);
  assert.deepEqual(textOpening(encodeHello({ v: 1 })), {
    kind: 'refuse',
    code: 4400,
    reason: 'hello must be a binary message',
    why: 'bad_hello',
  });
  assert.equal(code(dec([1])), 4400);
  assert.equal(code(dec(1)), 4400);
  assert.equal(code(dec({})), 4400);
  assert.equal(code(dec({ v: '1' })), 4400);
  assert.equal(code(dec({ v: 1, resume: 5 })), 4400);
  assert.equal(code(dec({ v: 1, upstream: '' })), 4400);
  assert.equal(code(decodeBridgeHello(Buffer.alloc(2000, 0x90))), 4400);
  assert.equal(code(dec({ v: 2 })), 4426);
  assert.equal(code(dec({ v: 0 })), 4426);
});

test('a refused hello carries its fixed close reason', () => {
  const reason = (r: ReturnType<typeof decodeBridgeHello>) => (r.ok ? '' : `${r.code} ${r.reason}`);
  assert.equal(reason(decodeBridgeHello(Buffer.alloc(0))), '4400 empty hello');
  assert.equal(reason(decodeBridgeHello(Buffer.alloc(1025, 0x90))), '4400 hello too large');
  assert.equal(reason(decodeBridgeHello(Buffer.from('garbage!'))), '4400 hello is not one msgpack value');
  assert.equal(reason(dec([1])), '4400 hello is not a msgpack map');
  assert.equal(reason(dec({ v: '1' })), '4400 hello has no integer v');
  assert.equal(reason(dec({ v: 1, resume: 'r'.repeat(129) })), '4400 hello resume must be a non-empty string');
  assert.equal(reason(dec({ v: 1, upstream: 'u'.repeat(65) })), '4400 hello upstream must be a non-empty string');
  assert.equal(reason(dec({ v: 3 })), '4426 unsupported version 3; this bridge speaks 1');
});

test('the welcome round-trips and is a plain msgpack map', () => {
  const w = {
    v: 1,
    resumeId: 'x'.repeat(22),
    resumed: false,
    upstream: 'default',
    limits: { maxPayload: 1, idleTimeoutMs: 2, parkGraceMs: 3 },
  };
  const bytes = encodeWelcome(w);
  assert.equal(bytes[0]! & 0xf0, 0x80);
  assert.deepEqual(decodeWelcome(bytes), w);
});

test('the exported welcome decoder checks the welcome instead of trusting it', () => {
  const good = {
    v: 1,
    resumeId: 'x'.repeat(22),
    resumed: true,
    upstream: 'eu',
    limits: { maxPayload: 1, idleTimeoutMs: 0, parkGraceMs: 0 },
  };
  assert.deepEqual(publicDecodeWelcome(pack(good)), good);
  for (const bad of [
    { ...good, resumeId: 5 },
    { ...good, resumed: 'yes' },
    { ...good, limits: {} },
    { ...good, v: 2 },
    [good],
  ]) {
    assert.throws(() => publicDecodeWelcome(pack(bad)), /welcome/, JSON.stringify(bad));
  }
  assert.equal(CLOSE.BAD_HELLO, 4400);
  assert.equal(CLOSE.PARK, 4000);
});

/** A WebSocket class for the client's transport that keeps what it sends and opens with the bridge's subprotocol. */
class RecordingSocket implements WebSocketLike {
  static last: RecordingSocket | undefined;
  binaryType = 'blob';
  readonly protocol = SUBPROTOCOL;
  readonly sent: Uint8Array[] = [];
  readonly offered: string | string[] | undefined;
  readonly #listeners = new Map<string, Array<(event: unknown) => void>>();
  constructor(_url: string, protocols?: string | string[]) {
    this.offered = protocols;
    RecordingSocket.last = this;
    setTimeout(() => this.emit('open', {}), 0);
  }
  send(data: Uint8Array): void {
    this.sent.push(data.slice());
  }
  close(): void {
    setTimeout(() => this.emit('close', { code: 1000, reason: '' }), 0);
  }
  addEventListener(type: string, listener: (event: unknown) => void): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  emit(type: string, event: unknown): void {
    for (const l of this.#listeners.get(type) ?? []) l(event);
  }
}

test('the hello the client transport sends decodes in the bridge, and the client takes the welcome the bridge writes', async () => {
  const transport = websocket('ws://bridge.invalid/', { WebSocket: RecordingSocket });
  const handlers = { data: () => {}, closed: () => {} };
  const connecting = transport.connect(handlers, { resumeId: 'r'.repeat(22), upstream: 'eu' });
  while (RecordingSocket.last?.sent.length !== 1) await new Promise((resolve) => setTimeout(resolve, 1));
  const socket = RecordingSocket.last;
  assert.deepEqual(socket.offered, [SUBPROTOCOL]);
  assert.deepEqual(decodeBridgeHello(socket.sent[0]!), {
    ok: true,
    hello: { v: 1, resume: 'r'.repeat(22), upstream: 'eu' },
  });
  const welcome = encodeWelcome({
    v: 1,
    resumeId: 'n'.repeat(22),
    resumed: true,
    upstream: 'eu',
    limits: { maxPayload: 1024, idleTimeoutMs: 0, parkGraceMs: 1 },
  });
  socket.emit('message', { data: welcome.buffer.slice(welcome.byteOffset, welcome.byteOffset + welcome.byteLength) });
  const stream = await connecting;
  assert.equal(stream.resumeId, 'n'.repeat(22));
  assert.equal(stream.resumed, true);
  stream.close();

  const plain = websocket('ws://bridge.invalid/', { WebSocket: RecordingSocket });
  void plain.connect(handlers).catch(() => undefined);
  while (RecordingSocket.last === socket || RecordingSocket.last?.sent.length !== 1)
    await new Promise((resolve) => setTimeout(resolve, 1));
  assert.deepEqual(decodeBridgeHello(RecordingSocket.last.sent[0]!), { ok: true, hello: { v: 1 } });
  RecordingSocket.last.emit('close', { code: CLOSE.BAD_HELLO, reason: 'x' });
});
