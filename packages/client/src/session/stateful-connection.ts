// One OrientDB connection after a handshake: greeting, handshake, the in-flight FIFO of requests answered in order,
// push routing, token renewal, per-request timeouts and aborts, and closing.
import { Incomplete, Reader } from '../codec/reader.js';
import { Writer } from '../codec/writer.js';
import { decodeResponseHeader } from '../codec/response-header.js';
import { readServerError } from '../codec/error-body.js';
import type { PushMessage } from '../codec/push.js';
import { encodeRequestHeader } from '../codec/frame.js';
import { encodeHandshakeRequest } from '../codec/operations/session.js';
import {
  ERROR_MESSAGE_EMPTY,
  ERROR_MESSAGE_STRING,
  PUSH_DATA,
  REQUEST_HANDSHAKE,
  RESPONSE_STATUS_ERROR,
} from '../codec/operations/opcodes.js';
import {
  AbortError,
  ClientClosedError,
  ConnectionLostError,
  FrameTooLargeError,
  NoGreetingError,
  NotSentError,
  NotSupportedError,
  OrientDBError,
  outcomeUnknown,
  PolicyError,
  ProtocolError,
  TimeoutError,
} from '../errors.js';
import type { ByteStream, Transport } from '../transport/transport.js';
import { CLIENT_VERSION } from './client-version.js';
import { ReceiveBuffer } from './receive-buffer.js';
import { cleanup, readBody, type Pending } from './pending.js';
import type { Request } from './request.js';
import { holdTimer } from './timers.js';
import { writingZone } from '../codec/date-zone.js';
import type { Connection, ConnectionOptions, PushDecoder, RequestOptions } from './types.js';

/**
 * Defined (true) by the browser bundle's build only, where the tests of it below are constant: code that
 * runs in Node, Deno or Bun alone is then left out (a browser has no process to hold open, and shows no
 * more of a refused upgrade than 1006). Tested in place: the bundler folds only the test itself.
 */
declare const __ORIENTDB_EDGE_BROWSER_BUNDLE__: true | undefined;

const DEFAULT_DRIVER_NAME = 'orientdb-edge';
/** The largest answer (one frame) the client buffers; the connection's own default when none is given. */
export const DEFAULT_MAX_ANSWER_BYTES = 128 * 1024 * 1024;
/** An answer nobody waits for any more is read to its end (keeping the connection) only up to this size. */
const ABANDONED_ANSWER_BYTES = 64 * 1024;

export class StatefulConnection implements Connection {
  #stream: ByteStream | undefined;
  readonly #options: ConnectionOptions;
  readonly #buf = new ReceiveBuffer();
  /** Bytes (from buf.start) that must be buffered before parsing is retried. */
  #need = 1;
  #endpoint = '';
  /** Requests written since the bridge's hello, the handshake included: a bridge refusal names one by this count. */
  #written = 0;
  #phase: 'connecting' | 'greeting' | 'ready' | 'closed' = 'connecting';
  #greeting: { resolve(v: number): void; reject(e: Error): void } | undefined;
  readonly #inFlight: Pending[] = [];
  readonly #held: Pending[] = [];
  #loginsInFlight = 0;
  #parsing = false;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #timerAt = 0;
  #closeError: Error | undefined;
  #serverProtocolVersion = 0;
  #protocolVersion = 0;
  #resumed = false;
  /** Whether the stream holds the process open (see #holdWhileWaited). */
  #holding = true;
  readonly #pushHandlers = new Set<(push: PushMessage) => void>();
  /** Given by the first push subscriber (live queries), whose module it loads with. */
  #decodePush: PushDecoder | undefined;
  readonly #tokenHandlers = new Set<(token: Uint8Array) => void>();
  readonly #closeHandlers = new Set<(error?: Error) => void>();
  readonly #welcomeHandlers = new Set<() => void>();

  sessionId = -1;
  token: Uint8Array | null = null;
  readonly stateful = true;

  private constructor(options: ConnectionOptions) {
    this.#options = options;
  }

  /** Connects, reads the greeting (unless the bridge resumed a parked upstream) and sends the handshake. */
  static async open(transport: Transport, options: ConnectionOptions = {}): Promise<StatefulConnection> {
    const conn = new StatefulConnection(options);
    await conn.#open(transport);
    return conn;
  }

  get serverProtocolVersion(): number {
    return this.#serverProtocolVersion;
  }
  get protocolVersion(): number {
    return this.#protocolVersion;
  }
  get resumed(): boolean {
    return this.#resumed;
  }
  /** Bridge only: the id to park under; with earlyData, known once the welcome has arrived (onWelcome). */
  get resumeId(): string | undefined {
    return this.#stream?.resumeId;
  }
  get closed(): boolean {
    return this.#phase === 'closed';
  }
  /** Nothing in flight, nothing held, no partial frame buffered. */
  get idle(): boolean {
    return this.#inFlight.length === 0 && this.#held.length === 0 && this.#buf.length === 0;
  }

  /** While a push handler is registered (a live query listens), the connection holds the process open. */
  onPush(handler: (push: PushMessage) => void, decode: PushDecoder): () => void {
    this.#decodePush = decode;
    this.#pushHandlers.add(handler);
    this.#holdWhileWaited();
    return () => {
      this.#pushHandlers.delete(handler);
      this.#holdWhileWaited();
    };
  }

  onTokenRenewed(handler: (token: Uint8Array) => void): () => void {
    this.#tokenHandlers.add(handler);
    return () => {
      this.#tokenHandlers.delete(handler);
    };
  }

  /** Early data only: called when the bridge's welcome confirms the resume (resumeId is set from then on). */
  onWelcome(handler: () => void): () => void {
    this.#welcomeHandlers.add(handler);
    return () => {
      this.#welcomeHandlers.delete(handler);
    };
  }

  onClose(handler: (error?: Error) => void): () => void {
    this.#closeHandlers.add(handler);
    return () => {
      this.#closeHandlers.delete(handler);
    };
  }

  drained(): Promise<void> {
    // Answers settle in the order the requests were written: the last one settles after all the others.
    const last = this.#held.at(-1) ?? this.#inFlight.at(-1);
    return last ? last.answer.then(ignore, ignore) : Promise.resolve();
  }

  request<T>(req: Request<T>, options: RequestOptions = {}): Promise<T> {
    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<T>((ok, fail) => {
      resolve = ok as (value: unknown) => void;
      reject = fail;
    });
    if (this.#phase !== 'ready') {
      reject(this.#closeError ?? new ClientClosedError());
      return promise;
    }
    const signal = options.signal;
    if (signal?.aborted) {
      reject(new AbortError(undefined, { cause: signal.reason }));
      return promise;
    }
    const p: Pending = {
      req: req as Request<unknown>,
      resolve,
      reject,
      answer: promise,
      state: 'queued',
      sentSessionId: -1,
      abandoned: false,
      bodyLength: -1,
      deadline: 0,
      timeoutMs: 0,
      signal,
      onAbort: undefined,
    };
    const timeoutMs = options.timeoutMs ?? this.#options.timeoutMs;
    if (timeoutMs !== undefined && timeoutMs > 0 && req.answered) this.#setDeadline(p, timeoutMs);
    if (signal) {
      p.onAbort = () => this.#abandon(p, new AbortError(undefined, { cause: signal.reason }));
      signal.addEventListener('abort', p.onAbort, { once: true });
    }
    if (this.#loginsInFlight > 0 && !req.opensSession) this.#held.push(p);
    else this.#send(p);
    this.#holdWhileWaited();
    return promise;
  }

  /**
   * Holds the process open (Node, Deno, Bun) while a call waits for its answer or a live query for its
   * events, and lets it exit otherwise: a program that is done exits without close().
   */
  #holdWhileWaited(): void {
    if (typeof __ORIENTDB_EDGE_BROWSER_BUNDLE__ !== 'undefined') return;
    const waited = this.#held.length > 0 || this.#pushHandlers.size > 0 || this.#inFlight.some((p) => !p.abandoned);
    if (waited === this.#holding || this.#phase === 'closed') return;
    this.#holding = waited;
    this.#stream?.hold?.(waited);
    if (this.#timer !== undefined) holdTimer(this.#timer, waited);
  }

  /**
   * One timer per connection, armed for the earliest deadline and not cleared as answers arrive:
   * when it fires, requests past their deadline time out and it is armed again for the next one.
   */
  #setDeadline(p: Pending, timeoutMs: number): void {
    const deadline = performance.now() + timeoutMs;
    p.deadline = deadline;
    p.timeoutMs = timeoutMs;
    if (this.#timer !== undefined) {
      if (deadline >= this.#timerAt) return;
      clearTimeout(this.#timer);
    }
    this.#armTimer(deadline, timeoutMs);
  }

  #armTimer(at: number, delayMs: number): void {
    this.#timerAt = at;
    // Left armed after the answers: it holds the process only while a call waits (#holdWhileWaited).
    this.#timer = holdTimer(setTimeout(this.#onTimer, Math.max(0, delayMs)), this.#holding);
  }

  readonly #onTimer = (): void => {
    this.#timer = undefined;
    if (this.#phase === 'closed') return;
    const now = performance.now();
    let next = Infinity;
    for (const p of [...this.#inFlight, ...this.#held]) {
      if (p.deadline === 0 || p.abandoned || p.state === 'settled') continue;
      if (p.deadline <= now) this.#abandon(p, new TimeoutError(`${p.req.name} timed out after ${p.timeoutMs} ms`));
      else if (p.deadline < next) next = p.deadline;
    }
    if (next !== Infinity) this.#armTimer(next, next - now);
  };

  /** Closes the connection; pending calls fail with ClientClosedError. `park` asks a bridge to keep the upstream. */
  close(options?: { park?: boolean }): void {
    if (this.#phase === 'closed') return;
    this.#shutdown(undefined, new ClientClosedError());
    // Held until it has gone out (a bridge's park included), even when the program ends right after.
    this.#stream?.hold?.(true);
    this.#stream?.close(options);
  }

  async #open(transport: Transport): Promise<void> {
    this.#endpoint = transport.endpoint;
    const o = this.#options;
    const greeting = new Promise<number>((resolve, reject) => {
      this.#greeting = { resolve, reject };
    });
    greeting.catch(() => {});
    const stream = await transport.connect(
      {
        data: (chunk) => this.#onData(chunk),
        closed: (error, detail) => this.#onTransportClosed(error, detail?.unsent ?? false),
        welcomed: () => tell(this.#welcomeHandlers),
        refused: (n, code, reason) => this.#refused(n, code, reason),
      },
      {
        signal: o.signal,
        resumeId: o.resumeId,
        resumeToken: o.resumeToken,
        upstream: o.upstream,
        earlyData: o.earlyData,
      },
    );
    this.#stream = stream;
    if (this.#phase === 'closed') throw this.#closeError ?? new ConnectionLostError();
    this.#phase = 'greeting';
    if (stream.resumed) {
      this.#resumed = true;
      this.#serverProtocolVersion = this.#protocolVersion = o.protocolVersion ?? 38;
      this.#phase = 'ready';
      this.#greeting = undefined;
      this.#pump();
      this.#holdWhileWaited();
      return;
    }
    this.#pump();
    const version = await this.#greeted(greeting, o);
    this.#serverProtocolVersion = version;
    // OrientDB's protocol versions are two-digit numbers: anything larger is another protocol's first bytes.
    if (version > 99) {
      const error = new NoGreetingError(this.#endpoint, `its first bytes read as protocol version ${version}`);
      this.#shutdown(error, error);
      stream.close();
      throw error;
    }
    if (version < 37) {
      const error = new NotSupportedError(`the server speaks binary protocol ${version}; 37 or later is required`);
      this.#shutdown(error, error);
      stream.close();
      throw error;
    }
    this.#protocolVersion = Math.min(o.protocolVersion ?? 38, version >= 38 ? 38 : 37);
    const w = new Writer(64);
    w.byte(REQUEST_HANDSHAKE);
    encodeHandshakeRequest(w, {
      protocolVersion: this.#protocolVersion,
      driverName: o.driverName ?? DEFAULT_DRIVER_NAME,
      driverVersion: o.driverVersion ?? CLIENT_VERSION,
      errorEncoding: o.errorDetail === 'stack-trace' ? ERROR_MESSAGE_STRING : ERROR_MESSAGE_EMPTY,
    });
    this.#written++;
    stream.write(w.finish());
    this.#phase = 'ready';
    this.#pump();
    this.#holdWhileWaited();
  }

  /**
   * The greeting, within greetingTimeoutMs (or the open's timeout if shorter): OrientDB greets as soon as
   * it accepts, so silence means the port is something else.
   */
  #greeted(greeting: Promise<number>, o: ConnectionOptions): Promise<number> {
    const greetMs = o.greetingTimeoutMs;
    const timeoutMs =
      greetMs !== undefined && (o.timeoutMs === undefined || greetMs < o.timeoutMs) ? greetMs : o.timeoutMs;
    const silent = () => new NoGreetingError(this.#endpoint, `nothing arrived within ${timeoutMs} ms`);
    // A close before the greeting stays ConnectionLostError: a server going down does that too.
    return this.#withDeadline(greeting, timeoutMs, o.signal, silent);
  }

  #withDeadline<T>(
    promise: Promise<T>,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    timedOut: () => Error = () => new TimeoutError(`no greeting within ${timeoutMs} ms`),
  ): Promise<T> {
    if (timeoutMs === undefined && !signal) return promise;
    return new Promise<T>((resolve, reject) => {
      const fail = (error: Error) => {
        done();
        this.#shutdown(error, error);
        this.#stream?.close();
        reject(error);
      };
      const onAbort = () => fail(new AbortError('opening the connection was aborted', { cause: signal?.reason }));
      const timer = timeoutMs !== undefined ? setTimeout(() => fail(timedOut()), timeoutMs) : undefined;
      const done = () => {
        if (timer !== undefined) clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
      };
      if (signal?.aborted) {
        onAbort();
        return;
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      promise.then(
        (v) => {
          done();
          resolve(v);
        },
        (e: Error) => {
          done();
          reject(e);
        },
      );
    });
  }

  #send(p: Pending): void {
    const req = p.req;
    const w = new Writer();
    w.dateZone = writingZone(this.#options.dates);
    try {
      const sessionId = req.opensSession ? -1 : this.sessionId;
      encodeRequestHeader(w, req.opcode, sessionId, req.opensSession ? null : this.token);
      req.write(w);
      p.sentSessionId = sessionId;
    } catch (error) {
      p.state = 'settled';
      cleanup(p);
      p.reject(error as Error);
      return;
    }
    p.state = 'sent';
    p.ordinal = ++this.#written;
    if (!req.answered) {
      p.state = 'settled';
      cleanup(p);
      this.#stream!.write(w.finish());
      p.resolve(undefined);
      return;
    }
    if (req.opensSession) this.#loginsInFlight++;
    this.#inFlight.push(p);
    const stream = this.#stream!;
    stream.write(w.finish());
    // Sent while a frame is being decoded (a page read ahead): out before the decoding, not after it.
    if (this.#parsing) stream.flush?.();
  }

  #abandon(p: Pending, error: Error): void {
    if (p.state === 'settled' || p.abandoned) return;
    cleanup(p);
    if (p.state === 'queued') {
      const i = this.#held.indexOf(p);
      if (i >= 0) this.#held.splice(i, 1);
      p.state = 'settled';
    } else {
      p.abandoned = true;
    }
    p.reject(error);
    if (p === this.#inFlight[0] && this.#answerArriving() > ABANDONED_ANSWER_BYTES)
      this.#fatal(abandonedMidAnswer(p, this.#endpoint));
    else this.#holdWhileWaited();
  }

  /** How much of an answer (not a push) that has not fully arrived is buffered. */
  #answerArriving(): number {
    return this.#buf.length > 0 && this.#buf.bytes[this.#buf.start] !== PUSH_DATA ? this.#buf.length : 0;
  }

  /**
   * An unfinished frame that needs `need` bytes: over the answer cap, or the answer of a call that was
   * abandoned (timed out, aborted) once more than a small answer of it is buffered, it is not read to the
   * end: the connection closes instead, so a lying or runaway answer cannot make the client buffer
   * without bound. A small abandoned answer is read and dropped, keeping the connection.
   */
  #checkUnfinished(need: number): void {
    const max = this.#options.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
    if (need > max || this.#buf.length > max) {
      throw new FrameTooLargeError(
        `an answer from ${this.#endpoint} needs more than ${max} bytes (maxAnswerBytes); read it in smaller pages (pageSize) or raise maxAnswerBytes`,
      );
    }
    const head = this.#inFlight[0];
    if (head?.abandoned && Math.max(need, this.#answerArriving()) > ABANDONED_ANSWER_BYTES) {
      throw abandonedMidAnswer(head, this.#endpoint);
    }
  }

  #onData(chunk: Uint8Array): void {
    if (this.#phase === 'closed') return;
    this.#buf.append(chunk);
    this.#pump();
  }

  #pump(): void {
    if (this.#parsing || this.#phase === 'connecting') return;
    this.#parsing = true;
    try {
      while (this.#phase !== 'closed' && this.#buf.length > 0 && this.#buf.length >= this.#need) {
        if (!this.#step()) break;
      }
    } catch (error) {
      this.#fatal(error);
    } finally {
      this.#parsing = false;
    }
  }

  /** Parses one frame at the head of the buffer; false when more bytes are needed. */
  #step(): boolean {
    const buf = this.#buf;
    const r = new Reader(buf.bytes, buf.start, buf.end);
    r.maxFieldSize = this.#options.maxFieldBytes ?? r.maxFieldSize;
    r.dateZone = this.#options.dates?.zone;
    try {
      if (this.#phase === 'greeting') {
        const version = r.short();
        buf.consumeTo(r.pos);
        this.#need = 1;
        const g = this.#greeting;
        this.#greeting = undefined;
        this.#phase = 'ready';
        g?.resolve(version);
        return true;
      }
      const status = buf.bytes[buf.start]!;
      if (status === PUSH_DATA) {
        if (!this.#decodePush)
          throw new ProtocolError(
            `${this.#endpoint} sent a push (status 3) on a connection that subscribed to none: check that the port is OrientDB's binary port and that nothing else writes on this connection`,
          );
        const push = this.#decodePush(r);
        buf.consumeTo(r.pos);
        this.#need = 1;
        tell(this.#pushHandlers, push);
        return true;
      }
      this.#frame(r);
      this.#need = 1;
      return true;
    } catch (error) {
      if (error instanceof Incomplete) {
        const need = error.needed - buf.start;
        if (need <= buf.length)
          throw new ProtocolError('a decoder ran out of bytes inside a complete field', { cause: error });
        this.#checkUnfinished(need);
        this.#need = need;
        return false;
      }
      throw error;
    }
  }

  #frame(r: Reader): void {
    this.#settleRefused();
    const head = this.#inFlight[0];
    if (!head)
      throw new ProtocolError(`unexpected bytes from the server (status ${r.bytes[r.pos]}) with no request in flight`);
    const h = decodeResponseHeader(r);
    if (h.opcode !== head.req.opcode) {
      throw new ProtocolError(
        `response for opcode ${h.opcode} while waiting for ${head.req.name} (${head.req.opcode})`,
      );
    }
    if (h.sessionId !== head.sentSessionId) {
      throw new ProtocolError(`response for session ${h.sessionId} while waiting for session ${head.sentSessionId}`);
    }
    let outcome: { ok: true; value: unknown } | { ok: false; error: Error };
    if (h.status === RESPONSE_STATUS_ERROR) {
      outcome = { ok: false, error: readServerError(r) };
    } else {
      outcome = { ok: true, value: readBody(head, r) };
    }
    this.#buf.consumeTo(r.pos);
    this.#inFlight.shift();
    if (h.renewedToken && h.sessionId === this.sessionId && h.sessionId >= 0) {
      this.token = h.renewedToken;
      tell(this.#tokenHandlers, h.renewedToken);
    }
    if (head.req.opensSession) this.#loginDone();
    if (!head.abandoned) {
      head.state = 'settled';
      cleanup(head);
      if (outcome.ok) head.resolve(outcome.value);
      else head.reject(outcome.error);
    }
    this.#settleRefused();
    this.#holdWhileWaited();
  }

  /** The bridge refused request number `n`: it has no answer, so it fails when it reaches the head of the queue. */
  #refused(n: number, code: string, reason: string): void {
    const p = this.#inFlight.find((q) => q.ordinal === n);
    if (!p) return; // unanswered (DB_CLOSE) or already failed: nothing waits for it
    p.refusal = new PolicyError(p.req.name, this.#endpoint, code, reason);
    if (this.#parsing) return;
    this.#settleRefused();
    this.#holdWhileWaited();
  }

  /** Fails the refused requests at the head of the queue (answers keep their order); a refused login releases what it held. */
  #settleRefused(): void {
    while (this.#inFlight[0]?.refusal) {
      const head = this.#inFlight.shift()!;
      if (head.req.opensSession) this.#loginDone();
      if (head.abandoned) continue;
      head.state = 'settled';
      cleanup(head);
      head.reject(head.refusal!);
    }
  }

  #loginDone(): void {
    if (--this.#loginsInFlight > 0) return;
    while (this.#held.length > 0 && this.#loginsInFlight === 0 && this.#phase === 'ready') {
      this.#send(this.#held.shift()!);
    }
  }

  #fatal(cause: unknown): void {
    const error =
      cause instanceof OrientDBError
        ? cause
        : new ProtocolError(`cannot decode the server's bytes: ${(cause as Error)?.message ?? cause}`, { cause });
    this.#shutdown(error, error);
    this.#stream?.close();
  }

  /** `unsent`: the transport proved that nothing written reached OrientDB, so pending calls may be sent again. */
  #onTransportClosed(error: Error | undefined, unsent: boolean): void {
    if (this.#phase === 'closed') return;
    const lost = error ?? new ConnectionLostError('the connection was closed');
    this.#shutdown(lost, unsent ? new NotSentError(lost) : lost);
  }

  /** Marks the connection closed, fails every pending call, and tells the close listeners once. */
  #shutdown(reported: Error | undefined, failure: Error): void {
    if (this.#phase === 'closed') return;
    this.#phase = 'closed';
    this.#closeError = failure;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#greeting?.reject(failure);
    this.#greeting = undefined;
    const pending = [...this.#inFlight, ...this.#held];
    this.#inFlight.length = 0;
    this.#held.length = 0;
    for (const p of pending) {
      if (p.abandoned || p.state === 'settled') continue;
      const wasSent = p.state === 'sent';
      p.state = 'settled';
      cleanup(p);
      if (p.refusal) {
        p.reject(p.refusal);
      } else if (failure instanceof ConnectionLostError && wasSent && p.req.replay === 'write') {
        p.reject(outcomeUnknown(p.req, this.#endpoint, failure));
      } else {
        p.reject(failure);
      }
    }
    tell(this.#closeHandlers, reported);
  }
}

/** The connection is closed rather than read to the end of an answer nobody waits for. */
function abandonedMidAnswer(p: Pending, endpoint: string): ConnectionLostError {
  return new ConnectionLostError(
    `the connection to ${endpoint} was closed: the answer of ${p.req.name} was still arriving after the call gave up`,
  );
}

/** Calls every listener; a listener's failure is its own, not the connection's. */
function tell<A extends unknown[]>(listeners: ReadonlySet<(...args: A) => void>, ...args: A): void {
  for (const fn of listeners) {
    try {
      fn(...args);
    } catch {
      /* the listener's own failure */
    }
  }
}

function ignore(): void {}
