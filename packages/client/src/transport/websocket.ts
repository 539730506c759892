// Transport through the bridge: one WebSocket per connection, the hello/welcome exchange, writes of
// one tick coalesced into one message, park on close, and the bridge's close codes as typed errors.
import {
  AbortError,
  BridgeError,
  ConnectionLostError,
  ConnectionRefusedError,
  FrameTooLargeError,
  InvalidArgumentError,
  type OrientDBError,
  ProtocolError,
  TimeoutError,
} from '../errors.js';
import { BRIDGE_CLOSE as CLOSE } from '../codec/bridge-close-codes.js';
import {
  BRIDGE_PROTOCOL_VERSION,
  BRIDGE_SUBPROTOCOL as SUBPROTOCOL,
  decodeBridgeWelcome,
  encodeBridgeHello,
  type BridgeWelcome,
} from '../codec/bridge-hello.js';
import type { ByteStream, ConnectOptions, Transport, TransportHandlers } from './transport.js';

/** The part of the WHATWG WebSocket the transport uses (browsers, Deno, Bun, and the `ws` package). */
export interface WebSocketLike {
  binaryType: string;
  readonly protocol: string;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
  // biome-ignore lint/suspicious/noExplicitAny: each runtime's WebSocket types its events differently; the transport reads only data/code/reason
  addEventListener(type: string, listener: (event: any) => void): void;
}
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface WebSocketTransportOptions {
  /** The WebSocket class; defaults to globalThis.WebSocket (Node 20 has none: pass the `ws` package's). */
  WebSocket?: WebSocketConstructor;
  /** Extra subprotocols offered after `orientdb-edge.v1`. */
  protocols?: string[];
  /** Time allowed for the WebSocket to open and the welcome to arrive (default 10 000 ms). */
  connectTimeoutMs?: number;
  /** The bridge's access token, sent as `?access_token=` (browsers cannot set headers on a WebSocket). */
  accessToken?: string;
}

/** Maps a close the client did not ask for to the error the protocol document assigns to it. */
function closeCodeError(code: number, reason: string, opened: boolean): OrientDBError {
  switch (code) {
    case CLOSE.MESSAGE_TOO_BIG:
      return new FrameTooLargeError(`the bridge refused a message as too big (${reason || CLOSE.MESSAGE_TOO_BIG})`);
    case CLOSE.BAD_HELLO:
    case CLOSE.UNKNOWN_TARGET:
    case CLOSE.UNSUPPORTED_VERSION:
      return new BridgeError(code, reason);
    case CLOSE.UPSTREAM_UNREACHABLE:
      return new ConnectionRefusedError(`the bridge could not reach OrientDB (${code} ${reason})`);
    case CLOSE.GOING_AWAY:
    case CLOSE.TIMEOUT:
    case CLOSE.BACKPRESSURE:
    case CLOSE.UPSTREAM_CLOSED:
      return new ConnectionLostError(`the bridge closed the connection: ${code} ${reason}`);
    default:
      return opened
        ? new ConnectionLostError(`the WebSocket closed: ${code} ${reason}`)
        : new ConnectionRefusedError(`the WebSocket could not be opened (${code}${reason ? ' ' + reason : ''})`);
  }
}

/** The bytes of a binary message as a plain Uint8Array view, or null for text (or Blob: binaryType was not honoured). */
function binaryData(data: unknown): Uint8Array | null {
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  return null;
}

export function websocket(url: string, options: WebSocketTransportOptions = {}): Transport {
  const parsed = new URL(url);
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
    throw new InvalidArgumentError(`not a WebSocket URL: ${url}`);
  const endpoint = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (options.accessToken !== undefined) parsed.searchParams.set('access_token', options.accessToken);
  const target = parsed.toString();
  return {
    kind: 'websocket',
    endpoint,
    connect: (handlers, connectOptions) => open(target, options, handlers, connectOptions ?? {}),
  };
}

function open(
  url: string,
  options: WebSocketTransportOptions,
  handlers: TransportHandlers,
  co: ConnectOptions,
): Promise<ByteStream> {
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Ctor)
    return Promise.reject(
      new InvalidArgumentError('no WebSocket class: pass options.WebSocket (e.g. the ws package on Node 20)'),
    );
  if (co.signal?.aborted) return Promise.reject(new AbortError(undefined, { cause: co.signal.reason }));

  return new Promise<ByteStream>((resolve, reject) => {
    const ws = new Ctor(url, [SUBPROTOCOL, ...(options.protocols ?? [])]);
    // Node's `ws` delivers Uint8Array views as it reads them ('nodebuffer'); asking it for ArrayBuffers costs a copy each.
    if (ws.binaryType !== 'nodebuffer') ws.binaryType = 'arraybuffer';
    // 'early': the hello is out and the stream handed over (earlyData); writes follow the hello at once.
    let phase: 'opening' | 'welcome' | 'early' | 'open' | 'closing' | 'closed' = 'opening';
    const early = co.earlyData === true && co.resumeId !== undefined;
    let welcome: BridgeWelcome | undefined;
    let pending: Uint8Array[] = [];
    let flushQueued = false;

    const timer = setTimeout(
      () => fail(new TimeoutError('the bridge did not welcome the connection in time')),
      options.connectTimeoutMs ?? 10_000,
    );
    const onAbort = () => fail(new AbortError(undefined, { cause: co.signal?.reason }));
    co.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(timer);
      co.signal?.removeEventListener('abort', onAbort);
    };

    function fail(error: Error): void {
      if (phase !== 'opening' && phase !== 'welcome') return;
      phase = 'closed';
      settle();
      try {
        ws.close(CLOSE.NORMAL);
      } catch {
        /* not open yet */
      }
      reject(error);
    }

    function flush(): void {
      flushQueued = false;
      if (phase !== 'open' && phase !== 'early' && phase !== 'closing') {
        pending = [];
        return;
      }
      if (pending.length === 0) return;
      let message: Uint8Array;
      if (pending.length === 1) message = pending[0]!;
      else {
        let size = 0;
        for (const p of pending) size += p.length;
        message = new Uint8Array(size);
        let at = 0;
        for (const p of pending) {
          message.set(p, at);
          at += p.length;
        }
      }
      pending = [];
      ws.send(message);
    }

    const stream: ByteStream = {
      write(bytes) {
        if (phase !== 'open' && phase !== 'early') return;
        pending.push(bytes);
        if (!flushQueued) {
          flushQueued = true;
          queueMicrotask(flush);
        }
      },
      flush() {
        if (flushQueued) flush();
      },
      close(closeOptions) {
        if (phase !== 'open' && phase !== 'early') return;
        flush();
        phase = 'closing';
        if (closeOptions?.park) ws.close(CLOSE.PARK, 'park');
        else ws.close(CLOSE.NORMAL);
      },
      get resumed() {
        return welcome?.resumed ?? early;
      },
      get resumeId() {
        return welcome?.resumeId;
      },
    };

    ws.addEventListener('open', () => {
      if (phase !== 'opening') return;
      if (ws.protocol !== SUBPROTOCOL) {
        fail(new ProtocolError(`the server did not accept subprotocol ${SUBPROTOCOL}`));
        return;
      }
      phase = 'welcome';
      let hello: Uint8Array;
      try {
        hello = encodeBridgeHello({ v: BRIDGE_PROTOCOL_VERSION, resume: co.resumeId, upstream: co.upstream });
      } catch (error) {
        fail(error as Error);
        return;
      }
      ws.send(hello);
      if (!early) return;
      phase = 'early';
      settle();
      resolve(stream);
    });

    ws.addEventListener('message', (event: { data: unknown }) => {
      const bytes = binaryData(event.data);
      if (!bytes) {
        if (phase === 'welcome') fail(new ProtocolError('the bridge sent a text message'));
        else if (phase === 'open' || phase === 'early') lose(new ProtocolError('the bridge sent a text message'));
        return;
      }
      if (phase === 'open') {
        handlers.data(bytes);
        return;
      }
      if (phase !== 'welcome' && phase !== 'early') return;
      // With early data the stream is already handed over: a bad welcome loses it instead of failing the connect.
      try {
        welcome = decodeBridgeWelcome(bytes);
      } catch (error) {
        (early ? lose : fail)(error as Error);
        return;
      }
      // The requests already sent rely on the resume.
      if (early && !welcome.resumed) {
        lose(new ProtocolError('the bridge welcomed a resume without resuming'));
        return;
      }
      phase = 'open';
      if (early) {
        handlers.welcomed?.();
        return;
      }
      settle();
      resolve(stream);
    });

    ws.addEventListener('error', () => {
      /* a close event follows and carries the outcome */
    });

    ws.addEventListener('close', (event: { code: number; reason: string }) => {
      const before = phase;
      phase = 'closed';
      if (before === 'opening' || before === 'welcome') {
        settle();
        reject(closeCodeError(event.code, event.reason, before === 'welcome'));
      } else if (before === 'closing') {
        handlers.closed();
      } else if (before === 'open') {
        handlers.closed(closeCodeError(event.code, event.reason, true));
      } else if (before === 'early') {
        // The bridge relays nothing before its welcome, and a close frame comes after every message
        // it sent: a close with a code before the welcome means nothing reached OrientDB. 1006 (the
        // socket just dropped) proves nothing.
        handlers.closed(closeCodeError(event.code, event.reason, true), { unsent: event.code !== CLOSE.ABNORMAL });
      }
    });

    function lose(error: Error): void {
      phase = 'closed';
      try {
        ws.close(CLOSE.PROTOCOL_ERROR);
      } catch {
        /* already closing */
      }
      handlers.closed(error);
    }
  });
}
