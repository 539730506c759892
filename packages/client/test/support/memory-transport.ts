// An in-memory Transport for unit tests: the test drives the server side through a MemoryPeer,
// pushing bytes at any split, observing what the client wrote, and dropping the connection.
import { ConnectionLostError, ConnectionRefusedError } from '../../src/errors.js';
import type { ByteStream, ConnectOptions, Transport, TransportHandlers } from '../../src/transport/transport.js';

export interface MemoryTransportOptions {
  /** Bytes pushed right after connect (e.g. the 2-byte greeting). */
  greeting?: Uint8Array;
  /** Report `resumed: true` (as a bridge that resumed a parked upstream does). */
  resumed?: boolean;
  resumeId?: string;
  /** Refuse every connect with this message. */
  refuse?: string;
}

export interface MemoryPeer {
  /** Resolves once the client has connected. */
  readonly connected: Promise<void>;
  /** True after connect and before either side closes. */
  readonly open: boolean;
  /** Delivers bytes to the client synchronously (the chunk is scribbled over afterwards, as a transport may reuse it). */
  push(bytes: Uint8Array | readonly number[]): void;
  /** Every write the client made, in order. */
  readonly writes: readonly Uint8Array[];
  /** All written bytes concatenated. */
  written(): Uint8Array;
  /** Returns and forgets the bytes written since the last call. */
  takeWritten(): Uint8Array;
  /** Called (in a microtask, never inside the client's write) with each write. */
  onWrite(handler: (bytes: Uint8Array) => void): () => void;
  /** Resolves with the next write (or the concatenation of writes made in the same tick). */
  nextWrite(): Promise<Uint8Array>;
  /** Ends the stream from the server side; the client sees `closed(error)` (`unsent`: as a bridge refusing early data). */
  drop(error?: Error, detail?: { unsent: boolean }): void;
  /** How the client closed the stream, if it did. */
  readonly closedByClient: { park: boolean } | undefined;
  /** Options passed to connect. */
  readonly connectOptions: ConnectOptions | undefined;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

class Peer implements MemoryPeer {
  writes: Uint8Array[] = [];
  open = false;
  closedByClient: { park: boolean } | undefined;
  connectOptions: ConnectOptions | undefined;
  readonly connected: Promise<void>;
  #markConnected!: () => void;
  #handlers: TransportHandlers | undefined;
  #taken = 0;
  #writeHandlers = new Set<(bytes: Uint8Array) => void>();

  constructor() {
    this.connected = new Promise((resolve) => {
      this.#markConnected = resolve;
    });
  }

  attach(handlers: TransportHandlers, options: ConnectOptions | undefined): void {
    this.#handlers = handlers;
    this.connectOptions = options;
    this.open = true;
    this.#markConnected();
  }

  push(bytes: Uint8Array | readonly number[]): void {
    if (!this.open || !this.#handlers) throw new Error('memory peer: not connected');
    const chunk = Uint8Array.from(bytes);
    this.#handlers.data(chunk);
    chunk.fill(0xee);
  }

  clientWrite(bytes: Uint8Array): void {
    if (!this.open) return;
    const copy = bytes.slice();
    this.writes.push(copy);
    for (const h of this.#writeHandlers) queueMicrotask(() => h(copy));
  }

  written(): Uint8Array {
    return concatBytes(this.writes);
  }

  takeWritten(): Uint8Array {
    const out = concatBytes(this.writes.slice(this.#taken));
    this.#taken = this.writes.length;
    return out;
  }

  onWrite(handler: (bytes: Uint8Array) => void): () => void {
    this.#writeHandlers.add(handler);
    return () => {
      this.#writeHandlers.delete(handler);
    };
  }

  nextWrite(): Promise<Uint8Array> {
    const from = this.writes.length;
    return new Promise((resolve) => {
      const off = this.onWrite(() => {
        off();
        queueMicrotask(() => resolve(concatBytes(this.writes.slice(from))));
      });
    });
  }

  drop(
    error: Error = new ConnectionLostError('memory peer dropped the connection'),
    detail?: { unsent: boolean },
  ): void {
    if (!this.open) return;
    this.open = false;
    this.#handlers?.closed(error, detail);
  }

  clientClose(park: boolean): void {
    if (!this.open) return;
    this.open = false;
    this.closedByClient = { park };
    const handlers = this.#handlers;
    queueMicrotask(() => handlers?.closed());
  }
}

/** A Transport whose server side is the returned peer. Each connect() replaces `peer` with a new one. */
export function memoryTransport(options: MemoryTransportOptions = {}): {
  transport: Transport;
  readonly peer: MemoryPeer;
  peers: MemoryPeer[];
} {
  const peers: Peer[] = [new Peer()];
  let used = 0;
  const transport: Transport = {
    kind: 'memory',
    endpoint: 'memory',
    async connect(handlers: TransportHandlers, connectOptions?: ConnectOptions): Promise<ByteStream> {
      if (connectOptions?.signal?.aborted) throw connectOptions.signal.reason;
      if (options.refuse) throw new ConnectionRefusedError(options.refuse);
      if (used === peers.length) peers.push(new Peer());
      const peer = peers[used++]!;
      peer.attach(handlers, connectOptions);
      const stream: ByteStream = {
        resumed: options.resumed ?? false,
        resumeId: options.resumeId,
        write: (bytes) => peer.clientWrite(bytes),
        close: (o) => peer.clientClose(o?.park ?? false),
      };
      if (options.greeting) {
        const greeting = options.greeting;
        queueMicrotask(() => {
          if (peer.open) peer.push(greeting);
        });
      }
      return stream;
    },
  };
  return {
    transport,
    get peer() {
      return peers[Math.max(0, used - 1)]!;
    },
    peers,
  };
}
