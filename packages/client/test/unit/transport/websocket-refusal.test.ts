// The bridge's refusal message on the WebSocket transport: a well-formed one reaches refused() and the
// stream stays open; any other text message loses the stream with a ProtocolError. And the codec itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket, WebSocketServer, type WebSocket as PeerSocket } from 'ws';
import { pack, unpack } from 'msgpackr';
import { websocket, type WebSocketConstructor } from '../../../src/transport/websocket.js';
import { ProtocolError } from '../../../src/errors.js';
import { decodeBridgeRefusal, encodeBridgeRefusal } from '../../../src/codec/bridge-refusal.js';

const WS = WebSocket as unknown as WebSocketConstructor;
const LIMITS = { maxPayload: 1 << 20, idleTimeoutMs: 60_000, parkGraceMs: 120_000 };

async function bridgeLike() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', handleProtocols: (p) => [...p][0] ?? false });
  await once(server, 'listening');
  const hellos: unknown[] = [];
  const sockets: PeerSocket[] = [];
  server.on('connection', (socket: PeerSocket) => {
    sockets.push(socket);
    socket.once('message', (data: Buffer) => {
      const hello = unpack(data) as { resume?: string };
      hellos.push(hello);
      socket.send(
        pack({ v: 1, resumeId: 'r', resumed: hello.resume !== undefined, upstream: 'default', limits: LIMITS }),
      );
    });
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as { port: number }).port}/`,
    hellos,
    sockets,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of server.clients) s.terminate();
        server.close(() => resolve());
      }),
  };
}

function handlers() {
  const refused: Array<[number, string, string]> = [];
  const data: Uint8Array[] = [];
  let closedWith: Error | undefined | 'open' = 'open';
  let onEvent: () => void = () => {};
  const next = () => new Promise<void>((resolve) => (onEvent = resolve));
  return {
    refused,
    data,
    get closedWith() {
      return closedWith;
    },
    next,
    h: {
      data: (c: Uint8Array) => {
        data.push(c.slice());
        onEvent();
      },
      closed: (error?: Error) => {
        closedWith = error;
        onEvent();
      },
      refused: (n: number, code: string, reason: string) => {
        refused.push([n, code, reason]);
        onEvent();
      },
    },
  };
}

test('a refusal message reaches refused(n, code, reason) and the stream carries on', async () => {
  const b = await bridgeLike();
  try {
    const h = handlers();
    const stream = await websocket(b.url, { WebSocket: WS }).connect(h.h);
    const event = h.next();
    b.sockets[0]!.send(encodeBridgeRefusal({ refused: 3, code: 'read_only', reason: 'REQUEST_QUERY in command mode' }));
    await event;
    assert.deepEqual(h.refused, [[3, 'read_only', 'REQUEST_QUERY in command mode']]);
    const more = h.next();
    b.sockets[0]!.send(Uint8Array.of(1, 2, 3));
    await more;
    assert.deepEqual([...h.data[0]!], [1, 2, 3]);
    assert.equal(h.closedWith, 'open');
    stream.close();
  } finally {
    await b.close();
  }
});

test('any other text message loses the stream with a ProtocolError', async () => {
  const b = await bridgeLike();
  try {
    for (const text of ['hello', '{"refused":0,"code":"x","reason":""}', '{"refused":1,"code":"x"}', '[1]']) {
      const h = handlers();
      await websocket(b.url, { WebSocket: WS }).connect(h.h);
      const event = h.next();
      b.sockets.at(-1)!.send(text);
      await event;
      assert.ok(h.closedWith instanceof ProtocolError, `${text}: ${String(h.closedWith)}`);
      assert.deepEqual(h.refused, []);
    }
  } finally {
    await b.close();
  }
});

test('a resume hello carries the session token as msgpack binary; a fresh one never does', async () => {
  const b = await bridgeLike();
  try {
    const token = Uint8Array.of(0, 0, 0, 9, 8, 7);
    const resumed = await websocket(b.url, { WebSocket: WS }).connect(handlers().h, {
      resumeId: 'old',
      resumeToken: token,
    });
    const fresh = await websocket(b.url, { WebSocket: WS }).connect(handlers().h, { resumeToken: token });
    const [first, second] = b.hellos as Array<{ token?: Uint8Array }>;
    assert.deepEqual([...first!.token!], [...token]);
    assert.equal(second!.token, undefined);
    resumed.close();
    fresh.close();
  } finally {
    await b.close();
  }
});

test('the refusal codec is strict both ways', () => {
  const r = { refused: 12, code: 'database', reason: 'database "x" is not allowed' };
  assert.deepEqual(decodeBridgeRefusal(encodeBridgeRefusal(r)), r);
  for (const bad of [
    '{}',
    '{"refused":1.5,"code":"a","reason":""}',
    '{"refused":1,"code":"A","reason":""}',
    'x'.repeat(5000),
  ])
    assert.throws(() => decodeBridgeRefusal(bad), ProtocolError, bad.slice(0, 40));
  assert.throws(() => decodeBridgeRefusal('{"refused":1,"code":"a","reason":"","extra":1}'), ProtocolError);
});
