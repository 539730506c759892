// Token-only ("stateless") requests, PyOrient's way: no handshake; every request carries session id -1
// and the token, and the server opens the database from the token for that one request. Answers use
// the legacy framing. No server-side state survives a request: no paging past the first page, no live
// queries, no transactions. The reattach route of last resort before credentials.
import {
  AbortError,
  ClientClosedError,
  ConnectionLostError,
  FrameTooLargeError,
  NotSupportedError,
  outcomeUnknown,
  PolicyError,
  ProtocolError,
  TimeoutError,
} from '../errors.js';
import {
  REQUEST_CLOSE_QUERY,
  REQUEST_QUERY_NEXT_PAGE,
  REQUEST_TX_BEGIN,
  REQUEST_TX_COMMIT,
  REQUEST_TX_ROLLBACK,
  SUBSCRIBE_PUSH,
  UNSUBSCRIBE_PUSH,
} from '../codec/operations/opcodes.js';
import { Incomplete, Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { encodeRequestHeader } from '../codec/frame.js';
import { decodeLegacyResponseHeader, readLegacyError } from '../codec/legacy-response.js';
import type { ByteStream, Transport } from '../transport/transport.js';
import type { Request } from './request.js';
import { DEFAULT_MAX_ANSWER_BYTES } from './stateful-connection.js';
import { type DateZoneRef, writingZone } from '../codec/date-zone.js';
import type { Connection, PushDecoder, RequestOptions } from './types.js';

/**
 * Requests that need state kept on the server between requests (cursors, transactions, pushes), and
 * TX_COMMIT, whose legacy body (the server's only one without a handshake) this client does not write.
 */
const REQUEST_TX_REBEGIN = 62;
const REQUEST_TX_FETCH = 63;
const NEEDS_SESSION = new Set([
  REQUEST_QUERY_NEXT_PAGE,
  REQUEST_TX_BEGIN,
  REQUEST_TX_COMMIT,
  REQUEST_TX_REBEGIN,
  REQUEST_TX_FETCH,
  REQUEST_TX_ROLLBACK,
  SUBSCRIBE_PUSH,
  UNSUBSCRIBE_PUSH,
]);

interface Waiter {
  parse(bytes: Uint8Array, end: number): number;
  fail(error: Error): void;
}

export class StatelessConnection implements Connection {
  token: Uint8Array;
  readonly sessionId = -1;
  readonly stateful = false;
  readonly resumed = false;
  /** The database's time zone, for the DATEs of requests and answers (set by the database session). */
  dates: DateZoneRef | undefined;
  readonly resumeId: string | undefined = undefined;
  #stream: ByteStream | undefined;
  #buf = new Uint8Array(0);
  #len = 0;
  #greeting: { resolve(version: number): void; reject(error: Error): void } | undefined;
  #waiter: Waiter | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #busy = 0;
  #closed = false;
  #closeError: Error | undefined;
  #serverProtocolVersion = 0;
  readonly #closeHandlers = new Set<(error?: Error) => void>();
  readonly #tokenHandlers = new Set<(token: Uint8Array) => void>();

  readonly #maxAnswerBytes: number;
  #endpoint = '';
  /** Requests written (a bridge refusal names one by this count), and the count of the one awaiting its answer. */
  #written = 0;
  #waitingFor = 0;
  #waitingName = '';

  private constructor(token: Uint8Array, maxAnswerBytes: number) {
    this.token = token;
    this.#maxAnswerBytes = maxAnswerBytes;
  }

  /** Connects and reads the server's greeting; sends no handshake. */
  static async open(
    transport: Transport,
    token: Uint8Array,
    options: RequestOptions = {},
    maxAnswerBytes = DEFAULT_MAX_ANSWER_BYTES,
  ): Promise<StatelessConnection> {
    const c = new StatelessConnection(token, maxAnswerBytes);
    c.#endpoint = transport.endpoint;
    const greeting = new Promise<number>((resolve, reject) => {
      c.#greeting = { resolve, reject };
    });
    c.#stream = await transport.connect(
      {
        data: (chunk) => c.#onData(chunk),
        closed: (error) => c.#shutdown(error ?? new ConnectionLostError('the connection was closed')),
        refused: (n, code, reason) => c.#refused(n, code, reason),
      },
      { signal: options.signal },
    );
    c.#serverProtocolVersion = await c.#deadline(greeting, options);
    // Holds the process open only while a request waits for its answer (see request()).
    if (c.#busy === 0) c.#stream.hold?.(false);
    return c;
  }

  get serverProtocolVersion(): number {
    return this.#serverProtocolVersion;
  }
  get protocolVersion(): number {
    return this.#serverProtocolVersion;
  }
  get closed(): boolean {
    return this.#closed;
  }
  get idle(): boolean {
    return this.#busy === 0;
  }

  onClose(handler: (error?: Error) => void): () => void {
    this.#closeHandlers.add(handler);
    return () => {
      this.#closeHandlers.delete(handler);
    };
  }
  onTokenRenewed(handler: (token: Uint8Array) => void): () => void {
    this.#tokenHandlers.add(handler);
    return () => {
      this.#tokenHandlers.delete(handler);
    };
  }
  /** No pushes arrive without a handshake. */
  onPush(_handler: (push: never) => void, _decode: PushDecoder): () => void {
    return () => undefined;
  }
  /** No bridge resume on a token-only connection, so no welcome to wait for. */
  onWelcome(_handler: () => void): () => void {
    return () => undefined;
  }

  /** One request at a time: the legacy framing has no opcode echo to match answers by. */
  request<T>(req: Request<T>, options: RequestOptions = {}): Promise<T> {
    if (req.opcode === REQUEST_CLOSE_QUERY) return Promise.resolve(undefined as T);
    if (NEEDS_SESSION.has(req.opcode)) {
      return Promise.reject(
        new NotSupportedError(
          `${req.name} needs a server-side session; this client reattached with token-only requests (log in again for cursors, transactions and live queries)`,
        ),
      );
    }
    if (this.#busy++ === 0) this.#stream?.hold?.(true);
    const run = this.#queue.then(() => this.#send(req, options));
    this.#queue = run.catch(() => undefined);
    return run.finally(() => {
      if (--this.#busy === 0 && !this.#closed) this.#stream?.hold?.(false);
    });
  }

  drained(): Promise<void> {
    return this.#queue.then(() => undefined);
  }

  close(_options?: { park?: boolean }): void {
    if (this.#closed) return;
    this.#shutdown(undefined);
    this.#stream?.hold?.(true);
    this.#stream?.close();
  }

  #send<T>(req: Request<T>, options: RequestOptions): Promise<T> {
    if (this.#closed) return Promise.reject(this.#closeError ?? new ClientClosedError());
    const w = new Writer();
    w.dateZone = writingZone(this.dates);
    encodeRequestHeader(w, req.opcode, -1, this.token);
    req.write(w);
    const answer = new Promise<T>((resolve, reject) => {
      this.#waiter = {
        fail: (error) =>
          reject(
            error instanceof ConnectionLostError && req.replay === 'write'
              ? outcomeUnknown(req, this.#endpoint, error)
              : error,
          ),
        parse: (bytes, end) => {
          const r = new Reader(bytes, 0, end);
          r.dateZone = this.dates?.zone;
          const h = decodeLegacyResponseHeader(r);
          if (h.status === 1) {
            const error = readLegacyError(r);
            reject(error);
          } else {
            resolve(req.read(r));
          }
          if (h.renewedToken) {
            this.token = h.renewedToken;
            for (const fn of this.#tokenHandlers) {
              try {
                fn(h.renewedToken);
              } catch {
                /* the listener's own */
              }
            }
          }
          return r.pos;
        },
      };
    });
    this.#waitingFor = ++this.#written;
    this.#waitingName = req.name;
    this.#stream!.write(w.finish());
    if (!req.answered) {
      this.#waiter = undefined;
      return Promise.resolve(undefined as T);
    }
    return this.#deadline(answer, options);
  }

  /** The bridge refused request `n`: it gets no answer. */
  #refused(n: number, code: string, reason: string): void {
    const w = this.#waiter;
    if (!w || n !== this.#waitingFor) return;
    this.#waiter = undefined;
    w.fail(new PolicyError(`token-only ${this.#waitingName}`, this.#endpoint, code, reason));
  }

  #onData(chunk: Uint8Array): void {
    if (this.#closed) return;
    if (this.#len + chunk.length > this.#buf.length) {
      const bigger = new Uint8Array(Math.max(this.#buf.length * 2, this.#len + chunk.length, 4096));
      bigger.set(this.#buf.subarray(0, this.#len));
      this.#buf = bigger;
    }
    this.#buf.set(chunk, this.#len);
    this.#len += chunk.length;
    if (this.#len > this.#maxAnswerBytes) {
      this.#shutdown(
        new FrameTooLargeError(
          `an answer from ${this.#endpoint} is over ${this.#maxAnswerBytes} bytes (maxAnswerBytes); raise maxAnswerBytes`,
        ),
      );
      this.#stream?.close();
      return;
    }
    try {
      if (this.#greeting) {
        if (this.#len < 2) return;
        const version = new DataView(this.#buf.buffer).getInt16(0);
        this.#consume(2);
        const g = this.#greeting;
        this.#greeting = undefined;
        g.resolve(version);
      }
      if (this.#len === 0) return;
      const w = this.#waiter;
      if (!w) throw new ProtocolError('unexpected bytes from the server with no request in flight');
      const used = w.parse(this.#buf, this.#len);
      this.#waiter = undefined;
      this.#consume(used);
    } catch (error) {
      if (error instanceof Incomplete) return;
      this.#shutdown(error as Error);
      this.#stream?.close();
    }
  }

  #consume(n: number): void {
    this.#buf.copyWithin(0, n, this.#len);
    this.#len -= n;
  }

  #deadline<T>(p: Promise<T>, o: RequestOptions): Promise<T> {
    if (o.timeoutMs === undefined && !o.signal) return p;
    return new Promise<T>((resolve, reject) => {
      const stop = (error: Error) => {
        reject(error);
        this.#shutdown(error);
        this.#stream?.close();
      };
      const timer = o.timeoutMs !== undefined ? setTimeout(() => stop(new TimeoutError()), o.timeoutMs) : undefined;
      const onAbort = () => stop(new AbortError(undefined, { cause: o.signal?.reason }));
      o.signal?.addEventListener('abort', onAbort, { once: true });
      p.then(resolve, reject).finally(() => {
        clearTimeout(timer);
        o.signal?.removeEventListener('abort', onAbort);
      });
    });
  }

  #shutdown(error: Error | undefined): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#closeError = error ?? new ClientClosedError();
    this.#greeting?.reject(this.#closeError);
    this.#greeting = undefined;
    const w = this.#waiter;
    this.#waiter = undefined;
    w?.fail(this.#closeError);
    for (const fn of this.#closeHandlers) {
      try {
        fn(error);
      } catch {
        /* the listener's own */
      }
    }
  }
}
