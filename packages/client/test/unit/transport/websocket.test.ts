// The WebSocket transport against an in-process peer that speaks the bridge's opening exchange:
// hello/welcome, coalescing, park, and the bridge's close codes as typed errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { WebSocket, WebSocketServer, type WebSocket as PeerSocket } from 'ws';
import { pack, unpack } from 'msgpackr';
import { websocket, type WebSocketConstructor } from '../../../src/transport/websocket.js';
import {
  AbortError,
  BridgeError,
  ConnectionLostError,
  ConnectionRefusedError,
  FrameTooLargeError,
  ProtocolError,
} from '../../../src/errors.js';

const WS = WebSocket as unknown as WebSocketConstructor;

interface Peer {
  url: string;
  sockets: PeerSocket[];
  hellos: unknown[];
  messages: Uint8Array[];
  closes: number[];
  next(): Promise<PeerSocket>;
  close(): Promise<void>;
}

/** A complete welcome's limits: the client refuses a welcome without them. */
const LIMITS = { maxPayload: 1 << 20, idleTimeoutMs: 60_000, parkGraceMs: 120_000 };

/** A peer that welcomes every hello (unless `welcome` is false) and records what it receives. */
async function peer(options: { welcome?: boolean; protocol?: string | false } = {}): Promise<Peer> {
  const server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: (protocols) =>
      options.protocol === false ? false : (options.protocol ?? [...protocols][0] ?? false),
  });
  await once(server, 'listening');
  const p: Peer = {
    url: `ws://127.0.0.1:${(server.address() as { port: number }).port}/`,
    sockets: [],
    hellos: [],
    messages: [],
    closes: [],
    next: async () => (await once(server, 'connection'))[0] as PeerSocket,
    close: () =>
      new Promise((resolve) => {
        for (const s of server.clients) s.terminate();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: PeerSocket) => {
    p.sockets.push(socket);
    let first = true;
    socket.on('close', (code) => p.closes.push(code));
    socket.on('message', (data: Buffer) => {
      if (first) {
        first = false;
        const hello = unpack(data) as { resume?: string };
        p.hellos.push(hello);
        if (options.welcome !== false) {
          socket.send(
            pack({
              v: 1,
              resumeId: 'r-' + p.sockets.length,
              resumed: hello.resume !== undefined,
              upstream: 'default',
              limits: LIMITS,
            }),
          );
        }
        return;
      }
      p.messages.push(new Uint8Array(data));
    });
  });
  return p;
}

function sink() {
  const chunks: Uint8Array[] = [];
  let closedWith: { error?: Error; unsent?: boolean } | undefined;
  let onClosed: (() => void) | undefined;
  const closed = new Promise<void>((resolve) => {
    onClosed = resolve;
  });
  const waiters: Array<[number, () => void]> = [];
  return {
    chunks,
    closed,
    get closedWith() {
      return closedWith;
    },
    chunksReach: (n: number) =>
      new Promise<void>((resolve) => {
        if (chunks.length >= n) resolve();
        else waiters.push([n, resolve]);
      }),
    handlers: {
      data: (c: Uint8Array) => {
        chunks.push(c.slice());
        for (const [n, r] of waiters) if (chunks.length >= n) r();
      },
      closed: (error?: Error, detail?: { unsent: boolean }) => {
        closedWith = { error, ...detail };
        onClosed!();
      },
    },
  };
}

/** A stream connected through the peer, with the sink that receives it and the peer's side socket. */
async function connectedPair(p: Peer) {
  const s = sink();
  const connected = p.next();
  const stream = await websocket(p.url, { WebSocket: WS }).connect(s.handlers);
  return { s, stream, socket: await connected };
}

test('hello carries v, upstream and resume; the welcome sets resumeId and resumed', async () => {
  const p = await peer();
  try {
    const s = sink();
    const stream = await websocket(p.url, { WebSocket: WS }).connect(s.handlers, {
      upstream: 'main',
      resumeId: 'old-id',
    });
    assert.deepEqual(p.hellos, [{ v: 1, upstream: 'main', resume: 'old-id' }]);
    assert.equal(stream.resumeId, 'r-1');
    assert.equal(stream.resumed, true);
    stream.close();
    await s.closed;
    assert.deepEqual(s.closedWith, { error: undefined });
    const plain = await websocket(p.url, { WebSocket: WS }).connect(sink().handlers);
    assert.deepEqual(p.hellos[1], { v: 1 });
    assert.equal(plain.resumed, false);
    plain.close();
  } finally {
    await p.close();
  }
});

test('writes of one tick go out as one message, in order; server bytes reach data()', async () => {
  const p = await peer();
  try {
    const { s, stream, socket } = await connectedPair(p);
    const got = once(socket, 'message');
    stream.write(new Uint8Array([1, 2]));
    stream.write(new Uint8Array([3]));
    stream.write(new Uint8Array([4, 5, 6]));
    await got;
    assert.equal(p.messages.length, 1);
    assert.deepEqual([...p.messages[0]!], [1, 2, 3, 4, 5, 6]);
    const echoed = s.chunksReach(2);
    socket.send(new Uint8Array([0, 38]));
    socket.send(new Uint8Array([7]));
    await echoed;
    assert.deepEqual(
      s.chunks.map((c) => [...c]),
      [[0, 38], [7]],
    );
    stream.close();
    await s.closed;
  } finally {
    await p.close();
  }
});

test('binary messages reach data() as plain Uint8Arrays: Node ws keeps its buffers, a browser-like socket is switched to ArrayBuffer', async () => {
  const made: WebSocket[] = [];
  class NodeWs extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      made.push(this);
    }
  }
  /** Starts as browsers do (binaryType 'blob'). */
  class BrowserLike extends NodeWs {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.binaryType = 'blob' as never; // ws 8.18+ accepts 'blob'; its types lag
    }
  }
  const p = await peer();
  try {
    for (const [Ctor, expected] of [
      [NodeWs, 'nodebuffer'],
      [BrowserLike, 'arraybuffer'],
    ] as const) {
      const s = sink();
      const connected = p.next();
      const stream = await websocket(p.url, { WebSocket: Ctor as unknown as WebSocketConstructor }).connect({
        ...s.handlers,
        data: (c) => {
          assert.equal(Object.getPrototypeOf(c), Uint8Array.prototype);
          s.handlers.data(c);
        },
      });
      const socket = await connected;
      const echoed = s.chunksReach(1);
      socket.send(new Uint8Array([0, 38, 7]));
      await echoed;
      assert.deepEqual([...s.chunks[0]!], [0, 38, 7]);
      assert.equal(made.at(-1)!.binaryType, expected);
      stream.close();
      await s.closed;
    }
  } finally {
    await p.close();
  }
});

/** Resolves once the peer has recorded `n` messages after the hello. */
async function messagesReach(p: Peer, socket: PeerSocket, n: number): Promise<void> {
  while (p.messages.length < n) await once(socket, 'message');
}

const welcomeFor = (resumed: boolean) =>
  pack({ v: 1, resumeId: 'r-new', resumed, upstream: 'default', limits: LIMITS });

/** An early-data stream to a peer that welcomes only when told: the stream, its sink, the peer's socket and a welcomed count. */
async function earlyPair(p: Peer) {
  const s = sink();
  let welcomed = 0;
  let onWelcomed: (() => void) | undefined;
  const connected = p.next();
  const stream = await websocket(p.url, { WebSocket: WS }).connect(
    {
      ...s.handlers,
      welcomed: () => {
        welcomed++;
        onWelcomed?.();
      },
    },
    { resumeId: 'old-id', earlyData: true },
  );
  const welcome = new Promise<void>((resolve) => {
    onWelcomed = resolve;
  });
  return {
    s,
    stream,
    socket: await connected,
    welcome,
    get welcomed() {
      return welcomed;
    },
  };
}

test('early data: a resuming stream is handed over once the hello is out; writes follow it before the welcome, which then sets resumeId', async () => {
  const p = await peer({ welcome: false });
  try {
    const e = await earlyPair(p);
    assert.equal(e.stream.resumed, true);
    assert.equal(e.stream.resumeId, undefined);
    e.stream.write(new Uint8Array([1, 2, 3]));
    await messagesReach(p, e.socket, 1);
    assert.deepEqual(p.hellos, [{ v: 1, resume: 'old-id' }]);
    assert.deepEqual([...p.messages[0]!], [1, 2, 3]);
    assert.equal(e.welcomed, 0);
    e.socket.send(welcomeFor(true));
    await e.welcome;
    assert.equal(e.stream.resumeId, 'r-new');
    const echoed = e.s.chunksReach(1);
    e.socket.send(new Uint8Array([9]));
    await echoed;
    assert.deepEqual(
      e.s.chunks.map((c) => [...c]),
      [[9]],
    );
    e.stream.close();
    await e.s.closed;
    assert.deepEqual(e.s.closedWith, { error: undefined });
  } finally {
    await p.close();
  }
});

test('early data: a close with a code before the welcome reports the writes unsent; a dropped socket or a welcome without the resume does not', async () => {
  const p = await peer({ welcome: false });
  try {
    const refused = await earlyPair(p);
    refused.stream.write(new Uint8Array([1]));
    await messagesReach(p, refused.socket, 1);
    refused.socket.close(4404, 'unknown or expired resume id');
    await refused.s.closed;
    assert.ok(refused.s.closedWith?.error instanceof BridgeError);
    assert.equal((refused.s.closedWith.error as BridgeError).closeCode, 4404);
    assert.equal(refused.s.closedWith.unsent, true);

    const dropped = await earlyPair(p);
    dropped.socket.terminate();
    await dropped.s.closed;
    assert.ok(dropped.s.closedWith?.error instanceof ConnectionLostError);
    assert.equal(dropped.s.closedWith.unsent, false);

    const fresh = await earlyPair(p);
    fresh.socket.send(welcomeFor(false));
    await fresh.s.closed;
    assert.ok(fresh.s.closedWith?.error instanceof ProtocolError);
    assert.equal(fresh.s.closedWith.unsent, undefined);
    assert.equal(fresh.welcomed, 0);
  } finally {
    await p.close();
  }
});

test('flush() sends the writes queued so far as one message at once; later writes of the tick form the next', async () => {
  const p = await peer();
  try {
    const { s, stream, socket } = await connectedPair(p);
    const two = new Promise<void>((resolve) =>
      socket.on('message', () => {
        if (p.messages.length === 2) resolve();
      }),
    );
    stream.write(new Uint8Array([1, 2]));
    stream.write(new Uint8Array([3]));
    stream.flush!();
    stream.write(new Uint8Array([4]));
    stream.flush!();
    stream.flush!();
    await two;
    stream.close();
    await s.closed;
    assert.deepEqual(
      p.messages.map((m) => [...m]),
      [[1, 2, 3], [4]],
    );
  } finally {
    await p.close();
  }
});

test('close({ park: true }) sends close code 4000 after flushing queued writes', async () => {
  const p = await peer();
  try {
    const { s, stream, socket } = await connectedPair(p);
    const closedAtPeer = once(socket, 'close');
    stream.write(new Uint8Array([42]));
    stream.close({ park: true });
    const [code] = await closedAtPeer;
    assert.equal(code, 4000);
    assert.deepEqual([...p.messages[0]!], [42]);
    await s.closed;
    assert.equal(s.closedWith?.error, undefined);
  } finally {
    await p.close();
  }
});

test('bridge close codes after the welcome become typed errors in closed()', async () => {
  const p = await peer();
  try {
    const cases: Array<[number, new (...a: never[]) => Error]> = [
      [4503, ConnectionLostError],
      [1001, ConnectionLostError],
      [4408, ConnectionLostError],
      [4429, ConnectionLostError],
      [1009, FrameTooLargeError],
      [4400, BridgeError],
      [4404, BridgeError],
      [4426, BridgeError],
      [4502, ConnectionRefusedError],
    ];
    for (const [code, Class] of cases) {
      const s = sink();
      const connected = p.next();
      await websocket(p.url, { WebSocket: WS }).connect(s.handlers);
      (await connected).close(code, 'test');
      await s.closed;
      assert.ok(s.closedWith?.error instanceof Class, `${code} → ${s.closedWith?.error?.constructor.name}`);
      if (Class === BridgeError) assert.equal((s.closedWith!.error as BridgeError).closeCode, code);
    }
  } finally {
    await p.close();
  }
});

test('a connection dropped without a close frame (1006) ends with ConnectionLostError', async () => {
  const p = await peer();
  try {
    const { s, stream, socket } = await connectedPair(p);
    socket.terminate();
    await s.closed;
    assert.ok(s.closedWith?.error instanceof ConnectionLostError);
    stream.write(new Uint8Array([1]));
    stream.close();
    assert.equal(p.messages.length, 0, 'nothing is sent after the stream ended');
  } finally {
    await p.close();
  }
});

test('a close before the welcome rejects connect() with the mapped error', async () => {
  const p = await peer({ welcome: false });
  try {
    const connected = p.next();
    const attempt = websocket(p.url, { WebSocket: WS }).connect(sink().handlers);
    const socket = await connected;
    await new Promise((r) => socket.once('message', r));
    socket.close(4502, 'upstream refused');
    await assert.rejects(attempt, ConnectionRefusedError);
    const second = p.next();
    const attempt2 = websocket(p.url, { WebSocket: WS }).connect(sink().handlers, { resumeId: 'gone' });
    const socket2 = await second;
    await new Promise((r) => socket2.once('message', r));
    socket2.close(4404, 'unknown resume id');
    await assert.rejects(attempt2, (e: unknown) => e instanceof BridgeError && e.closeCode === 4404);
  } finally {
    await p.close();
  }
});

test('abort before the welcome rejects with AbortError; a refused port with ConnectionRefusedError', async () => {
  const p = await peer({ welcome: false });
  try {
    const ac = new AbortController();
    const connected = p.next();
    const attempt = websocket(p.url, { WebSocket: WS }).connect(sink().handlers, { signal: ac.signal });
    await connected;
    ac.abort();
    await assert.rejects(attempt, AbortError);
  } finally {
    await p.close();
  }
  const gone = await peer();
  const url = gone.url;
  await gone.close();
  await assert.rejects(websocket(url, { WebSocket: WS }).connect(sink().handlers), ConnectionRefusedError);
});

test('a peer that does not select the subprotocol is refused', async () => {
  const p = await peer({ protocol: false });
  try {
    await assert.rejects(
      websocket(p.url, { WebSocket: WS }).connect(sink().handlers),
      (e: unknown) => e instanceof ProtocolError || e instanceof ConnectionRefusedError,
    );
  } finally {
    await p.close();
  }
});

test('endpoint strips the access token and the transport refuses non-ws URLs', () => {
  const t = websocket('wss://bridge.example:8443/db?x=1', { WebSocket: WS, accessToken: 'secret' });
  assert.equal(t.kind, 'websocket');
  assert.equal(t.endpoint, 'wss://bridge.example:8443/db');
  assert.throws(() => websocket('http://x/'), /not a WebSocket URL/);
});
