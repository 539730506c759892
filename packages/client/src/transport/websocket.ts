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
  UpgradeRefusedError,
} from '../errors.js';
import { BRIDGE_CLOSE as CLOSE } from '../codec/bridge-close-codes.js';
import { decodeBridgeRefusal } from '../codec/bridge-refusal.js';
import {
  BRIDGE_PROTOCOL_VERSION,
  BRIDGE_SUBPROTOCOL as SUBPROTOCOL,
  decodeBridgeWelcome,
  encodeBridgeHello,
  withBridgeInstance,
  type BridgeWelcome,
} from '../codec/bridge-hello.js';
import type { ByteStream, ConnectOptions, Transport, TransportHandlers } from './transport.js';
import { upgradeError } from './upgrade-error.js';
import { failureFromMessage, retryAfterMs, type UpgradeFailure, upgradeRetryDelay } from './upgrade-failure.js';

/**
 * Defined (true) by the browser bundle's build only, where the tests of it below are constant: code that
 * runs in Node, Deno or Bun alone is then left out (a browser has no process to hold open, and shows no
 * more of a refused upgrade than 1006). Tested in place: the bundler folds only the test itself.
 */
declare const __ORIENTDB_EDGE_BROWSER_BUNDLE__: true | undefined;

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
  /**
   * Time allowed for the WebSocket to open and the welcome to arrive (default 10 000 ms), retries of a
   * refused upgrade (429, 503, a browser's bare 1006, a bridge not reachable yet) included.
   */
  connectTimeoutMs?: number;
  /** The bridge's access token, sent as `?access_token=` (browsers cannot set headers on a WebSocket). */
  accessToken?: string;
  /**
   * Asked for a fresh ticket before every connect and reconnect (tickets expire within minutes); the
   * application's server mints it (mintTicket of @orientdb-edge/bridge). Sent as `?ticket=`.
   */
  ticket?: () => string | Promise<string>;
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
    case CLOSE.UNREADABLE_REQUEST:
      return new ConnectionLostError(
        `the bridge could not read a request and closed the connection (${code} ${reason}); check that client and bridge versions match`,
      );
    case CLOSE.GOING_AWAY:
    case CLOSE.TIMEOUT:
    case CLOSE.BACKPRESSURE:
    case CLOSE.MEMORY_BUDGET:
    case CLOSE.UPSTREAM_CLOSED:
      return new ConnectionLostError(`the bridge closed the connection: ${code} ${reason}`);
    default:
      return opened
        ? new ConnectionLostError(`the WebSocket closed: ${code} ${reason}`)
        : new ConnectionRefusedError(`the WebSocket could not be opened (${code}${reason ? ' ' + reason : ''})`);
  }
}

/** The part of Node's http.IncomingMessage an 'unexpected-response' listener reads. */
interface UpgradeResponse {
  statusCode?: number;
  headers: Record<string, string | string[] | undefined>;
}

/** The part of Node's net.Socket hold() uses. */
interface ReleasableSocket {
  ref?(): void;
  unref?(): void;
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
    connect: (handlers, connectOptions) => {
      const ticket = options.ticket;
      if (!ticket) return openRetrying(target, options, handlers, connectOptions ?? {});
      return withTicket(target, ticket, endpoint).then((url) =>
        openRetrying(url, options, handlers, connectOptions ?? {}),
      );
    },
  };
}

async function withTicket(target: string, ticket: () => string | Promise<string>, endpoint: string): Promise<string> {
  let value: unknown;
  try {
    value = await ticket();
  } catch (error) {
    throw new ConnectionRefusedError(
      `no ticket for the bridge at ${endpoint}: options.ticket() failed (${(error as Error)?.message ?? error}); check the application's ticket endpoint`,
      { cause: error },
    );
  }
  if (typeof value !== 'string' || value === '')
    throw new ConnectionRefusedError(
      `no ticket for the bridge at ${endpoint}: options.ticket() gave ${value === '' ? 'an empty string' : typeof value}, not a ticket`,
    );
  const url = new URL(target);
  url.searchParams.set('ticket', value);
  return url.toString();
}

/**
 * Opens, and tries again with jittered backoff (or the bridge's Retry-After) while the upgrade fails in
 * a way another try can cure and the connect deadline leaves room: a burst of page loads behind one
 * address then opens at the bridge's rate instead of failing. 401 and 403 are never tried again. A try
 * that the deadline cuts short after a refusal fails with that refusal, which says more than a timeout
 * (browsers hold back a WebSocket to a host that refused the last ones, so the last try often times out).
 */
async function openRetrying(
  url: string,
  options: WebSocketTransportOptions,
  handlers: TransportHandlers,
  co: ConnectOptions,
): Promise<ByteStream> {
  const deadline = performance.now() + (options.connectTimeoutMs ?? 10_000);
  let refused: UpgradeRefusedError | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      return await open(url, options, handlers, co, Math.max(1, deadline - performance.now()));
    } catch (error) {
      if (error instanceof TimeoutError && refused) throw refused;
      if (!(error instanceof UpgradeRefusedError) || !error.retryable) throw error;
      refused = error;
      const delay = upgradeRetryDelay(attempt, { retryAfterMs: error.retryAfterMs });
      if (performance.now() + delay >= deadline) throw error;
      await pause(delay, co.signal);
    }
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(new AbortError(undefined, { cause: signal?.reason }));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function open(
  url: string,
  options: WebSocketTransportOptions,
  handlers: TransportHandlers,
  co: ConnectOptions,
  timeoutMs = options.connectTimeoutMs ?? 10_000,
): Promise<ByteStream> {
  const u = new URL(url);
  const endpoint = `${u.protocol}//${u.host}${u.pathname}`;
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (!Ctor)
    return Promise.reject(
      new InvalidArgumentError('no WebSocket class: pass options.WebSocket (e.g. the ws package on Node 20)'),
    );
  if (co.signal?.aborted) return Promise.reject(new AbortError(undefined, { cause: co.signal.reason }));

  return new Promise<ByteStream>((resolve, reject) => {
    const ws = new Ctor(withBridgeInstance(url, co.resumeId), [SUBPROTOCOL, ...(options.protocols ?? [])]);
    // What a failed upgrade showed before its close (1006 everywhere, 0 in Deno) arrives.
    let failure: UpgradeFailure = {};
    // Node's ws shows the refusal's status and headers; with this listener it leaves aborting to us.
    const nodeWs = ws as unknown as {
      on?(event: 'unexpected-response', fn: (req: unknown, res: UpgradeResponse) => void): void;
      on?(event: 'upgrade', fn: (res: { socket?: ReleasableSocket }) => void): void;
      terminate?(): void;
    };
    // Node's ws: the upgrade's response carries the socket the WebSocket then runs on (http.IncomingMessage.socket),
    // which hold() refs and unrefs. Other runtimes' WebSockets keep the process open while they are open.
    let socket: ReleasableSocket | undefined;
    if (
      typeof __ORIENTDB_EDGE_BROWSER_BUNDLE__ === 'undefined' &&
      typeof nodeWs.on === 'function' &&
      typeof nodeWs.terminate === 'function'
    ) {
      nodeWs.on('unexpected-response', (_req, res) => {
        failure = { status: res.statusCode, retryAfterMs: retryAfterMs(res.headers['retry-after']) };
        nodeWs.terminate!();
      });
      nodeWs.on('upgrade', (res) => {
        socket = res.socket;
      });
    }
    // Node's `ws` delivers Uint8Array views as it reads them ('nodebuffer'); asking it for ArrayBuffers costs a copy each.
    if (ws.binaryType !== 'nodebuffer') ws.binaryType = 'arraybuffer';
    // 'early': the hello is out and the stream handed over (earlyData); writes follow the hello at once.
    let phase: 'opening' | 'welcome' | 'early' | 'open' | 'closing' | 'closed' = 'opening';
    const early = co.earlyData === true && co.resumeId !== undefined;
    let welcome: BridgeWelcome | undefined;
    let pending: Uint8Array[] = [];
    let flushQueued = false;

    const timer = setTimeout(
      () =>
        fail(
          new TimeoutError(
            phase === 'opening'
              ? `the WebSocket to ${endpoint} did not open within ${Math.round(timeoutMs)} ms: is the host reachable and the URL the bridge's?`
              : `the bridge at ${endpoint} did not welcome the connection within ${Math.round(timeoutMs)} ms: is this URL an orientdb-edge bridge?`,
          ),
        ),
      timeoutMs,
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
      hold(on) {
        if (on) socket?.ref?.();
        else socket?.unref?.();
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
        fail(
          new ProtocolError(
            `${endpoint} opened a WebSocket without the subprotocol ${SUBPROTOCOL}: is this URL the bridge (not another WebSocket server)?`,
          ),
        );
        return;
      }
      phase = 'welcome';
      let hello: Uint8Array;
      try {
        hello = encodeBridgeHello({
          v: BRIDGE_PROTOCOL_VERSION,
          resume: co.resumeId,
          upstream: co.upstream,
          token: co.resumeId === undefined ? undefined : (co.resumeToken ?? undefined),
        });
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
        if (phase === 'welcome') fail(new ProtocolError('the bridge sent a text message before its welcome'));
        else if (phase === 'open' || phase === 'early') refusal(event.data);
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

    ws.addEventListener('error', (event: { message?: string; error?: { message?: string } }) => {
      // A close event follows and carries the outcome; the error's text is all a runtime may say about why.
      if (
        typeof __ORIENTDB_EDGE_BROWSER_BUNDLE__ === 'undefined' &&
        phase === 'opening' &&
        failure.status === undefined
      )
        failure = failureFromMessage(event?.message || event?.error?.message);
    });

    ws.addEventListener('close', (event: { code: number; reason: string }) => {
      const before = phase;
      phase = 'closed';
      if (before === 'opening') {
        settle();
        void upgradeError(endpoint, failure, event.code).then(reject);
      } else if (before === 'welcome') {
        settle();
        reject(closeCodeError(event.code, event.reason, true));
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

    /** The only text message a bridge sends: its policy refused one request. */
    function refusal(data: unknown): void {
      if (typeof data !== 'string') {
        lose(new ProtocolError('the bridge sent a text message that is not text'));
        return;
      }
      let r: { refused: number; code: string; reason: string };
      try {
        r = decodeBridgeRefusal(data);
      } catch (error) {
        lose(error as Error);
        return;
      }
      handlers.refused?.(r.refused, r.code, r.reason);
    }

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
