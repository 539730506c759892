// Request boundaries in the client-to-server byte stream of one connection: the header (opcode, session id,
// token) and the body, read back with the operation table, fed in arbitrary chunks, in linear time and bounded.
import { FrameTooLargeError, OrientDBError, ProtocolError } from '../../errors.js';
import { DEFAULT_MAX_FIELD_SIZE, Incomplete, Reader } from '../reader.js';
import { REQUEST_CONNECT, REQUEST_DB_OPEN, REQUEST_DB_REOPEN, REQUEST_HANDSHAKE, REQUEST_SHUTDOWN } from './opcodes.js';
import type { AnyOperation, Framing } from './operation.js';
import type { LegacyLogin } from './session.js';
import { operationOf } from './table.js';

/** Default largest request (header and body) a scanner holds: 64 MiB. */
export const DEFAULT_MAX_REQUEST_SIZE = 64 * 1024 * 1024;

/** A request whose opcode the operation table does not know; the stream cannot be followed past it. */
export class UnknownOperationError extends ProtocolError {
  override name = 'UnknownOperationError';
  readonly opcode: number;
  constructor(opcode: number) {
    super(`unknown request opcode ${opcode}: not in the operation table`);
    this.opcode = opcode;
  }
}

export interface ScannedRequest {
  opcode: number;
  operation: AnyOperation;
  /** The framing the request was read in. */
  framing: Framing;
  /** null for REQUEST_HANDSHAKE, which has no header. */
  sessionId: number | null;
  /** The token field; null when absent, null (-1) or empty. A view, valid until the next push(): copy to keep. */
  token: Uint8Array | null;
  /** What the operation's request reader returned; byte fields are views, valid until the next push(). */
  args: unknown;
  /** Offsets in the stream (bytes pushed since the scanner was made): the request is [start, end). */
  start: number;
  end: number;
}

export interface RequestScannerOptions {
  /** Largest request, header included, to hold or accept (default 64 MiB); beyond it FrameTooLargeError. */
  maxRequestSize?: number;
  /**
   * The framing the stream is already in (a stream resumed mid-connection); by default the first request
   * decides: REQUEST_HANDSHAKE means 'handshake', anything else 'legacy'.
   */
  framing?: Framing;
}

/** The request being read: its header, once complete, and its resumable body reader. */
interface Pending {
  opcode: number;
  operation: AnyOperation;
  framing: Framing;
  sessionId: number | null;
  token: Uint8Array | null;
  /** Where the body starts, from the request's first byte. */
  bodyAt: number;
  read: (r: Reader) => unknown;
}

const EMPTY = new Uint8Array(0);
const MIN_BUFFER = 16 * 1024;
/** A buffer above this size is dropped, not kept, once it holds nothing. */
const KEEP_BUFFER = 1024 * 1024;

/**
 * Follows one connection's client-to-server bytes. push() each chunk as it arrives; it returns the
 * requests the chunk completed. A request fed in pieces is read once: the body reader resumes where it
 * stopped and is not run again until the bytes it asked for are there. A malformed request, an unknown
 * opcode or one beyond maxRequestSize throws an OrientDBError (ERR_PROTOCOL or ERR_FRAME_TOO_LARGE), and
 * every later push() throws it again.
 */
export class RequestScanner {
  readonly #max: number;
  readonly #maxField: number;
  #framing: Framing | undefined;
  /** A legacy CONNECT/DB_OPEN on this stream opened a session without tokens (network.binary.allowNoToken). */
  #legacyNoToken = false;
  #buf: Uint8Array = EMPTY;
  #head = 0;
  #tail = 0;
  /** Stream offset of the first byte not yet returned in a request. */
  #streamPos = 0;
  #pending: Pending | undefined;
  /** Bytes, from the request's first byte, that must be there before reading again. */
  #needed = 0;
  #error: OrientDBError | undefined;
  #readerCalls = 0;

  constructor(options: RequestScannerOptions = {}) {
    this.#max = options.maxRequestSize ?? DEFAULT_MAX_REQUEST_SIZE;
    this.#maxField = Math.min(DEFAULT_MAX_FIELD_SIZE, this.#max);
    this.#framing = options.framing;
  }

  /** The stream's framing; undefined until its first request shows it. */
  get framing(): Framing | undefined {
    return this.#framing;
  }
  /** Bytes held for the unfinished request. */
  get buffered(): number {
    return this.#tail - this.#head;
  }
  /** How many times a body reader ran (a measure of work: it stays near one per request or chunk). */
  get readerCalls(): number {
    return this.#readerCalls;
  }

  push(chunk: Uint8Array): ScannedRequest[] {
    if (this.#error) throw this.#error;
    const out: ScannedRequest[] = [];
    try {
      if (this.#head === this.#tail) {
        // nothing held: read straight from the chunk, and keep only an unfinished tail
        const used = this.#drain(chunk, 0, chunk.length, out);
        if (used < chunk.length) {
          // the unfinished request is read again from the held copy: no view into the caller's chunk survives
          this.#pending = undefined;
          this.#append(chunk.subarray(used));
        }
      } else {
        this.#append(chunk);
        this.#head += this.#drain(this.#buf, this.#head, this.#tail, out);
        if (this.#head === this.#tail) this.#release();
      }
    } catch (e) {
      this.#error =
        e instanceof OrientDBError ? e : new ProtocolError(`unreadable request: ${(e as Error).message}`, { cause: e });
      this.#pending = undefined;
      this.#release();
      throw this.#error;
    }
    return out;
  }

  /** Reads whole requests from bytes[start, end); returns how many bytes they took. */
  #drain(bytes: Uint8Array, start: number, end: number, out: ScannedRequest[]): number {
    let p = start;
    while (p < end && end - p >= this.#needed) {
      const r = new Reader(bytes, p, end);
      r.maxFieldSize = this.#maxField;
      let args: unknown;
      try {
        args = this.#readOne(r, p);
      } catch (e) {
        if (!(e instanceof Incomplete)) throw e;
        this.#needed = e.needed - p;
        if (this.#needed > this.#max) {
          throw new FrameTooLargeError(`a request of more than ${this.#max} bytes (at least ${this.#needed})`);
        }
        break;
      }
      const q = this.#pending!;
      const length = r.pos - p;
      out.push({
        opcode: q.opcode,
        operation: q.operation,
        framing: q.framing,
        sessionId: q.sessionId,
        token: q.token,
        args,
        start: this.#streamPos,
        end: this.#streamPos + length,
      });
      this.#streamPos += length;
      this.#finished(q, args);
      this.#pending = undefined;
      this.#needed = 0;
      p = r.pos;
    }
    return p - start;
  }

  /**
   * handshake: 20:byte protocolVersion:short driverName:string driverVersion:string encoding:byte errorEncoding:byte
   * other: opcode:byte sessionId:int [token:bytes] body   (whether the token is there: see #hasToken)
   */
  #readOne(r: Reader, p: number): unknown {
    let q = this.#pending;
    if (!q) {
      const opcode = r.byte();
      const operation = operationOf(opcode);
      if (!operation) throw new UnknownOperationError(opcode);
      let framing: Framing;
      let sessionId: number | null = null;
      let token: Uint8Array | null = null;
      if (opcode === REQUEST_HANDSHAKE) {
        framing = 'handshake';
      } else {
        framing = this.#framing ??= 'legacy';
        sessionId = r.int();
        if (this.#hasToken(framing, opcode, sessionId)) {
          const t = r.bytesField();
          token = t && t.length > 0 ? t : null;
        }
      }
      const read = operation.requestReader(framing);
      q = this.#pending = { opcode, operation, framing, sessionId, token, bodyAt: r.pos - p, read };
    } else {
      r.pos = p + q.bodyAt;
    }
    this.#readerCalls++;
    return q.read(r);
  }

  /**
   * With a handshake every request has a token field. Without one (ONetworkProtocolBinary.shouldReadToken)
   * CONNECT, DB_OPEN and SHUTDOWN have none; DB_REOPEN has one only when no session with its id exists
   * (taken as: id < 0); the rest have one unless their session was opened on this socket without tokens.
   */
  #hasToken(framing: Framing, opcode: number, sessionId: number): boolean {
    if (framing === 'handshake') return true;
    if (opcode === REQUEST_CONNECT || opcode === REQUEST_DB_OPEN || opcode === REQUEST_SHUTDOWN) return false;
    if (opcode === REQUEST_DB_REOPEN) return sessionId < 0;
    return !(this.#legacyNoToken && sessionId >= 0);
  }

  #finished(q: Pending, args: unknown): void {
    if (q.opcode === REQUEST_HANDSHAKE) this.#framing = 'handshake';
    else if (q.framing === 'legacy' && (q.opcode === REQUEST_CONNECT || q.opcode === REQUEST_DB_OPEN)) {
      const legacy = (args as { legacy?: LegacyLogin }).legacy;
      this.#legacyNoToken = legacy ? !legacy.tokenSession : false;
    }
  }

  /**
   * Adds bytes behind the held ones. Bytes of the unfinished request that were read (its token, the body
   * reader's views) are never moved in place: the buffer is then replaced, so those views stay valid.
   */
  #append(bytes: Uint8Array): void {
    const n = bytes.length;
    if (this.#tail + n > this.#buf.length) {
      const live = this.#tail - this.#head;
      if (live + n <= this.#buf.length && this.#pending === undefined) {
        this.#buf.copyWithin(0, this.#head, this.#tail);
      } else {
        const next = new Uint8Array(Math.max(MIN_BUFFER, live + n, Math.min(this.#buf.length * 2, this.#max)));
        next.set(this.#buf.subarray(this.#head, this.#tail));
        this.#buf = next;
      }
      this.#head = 0;
      this.#tail = live;
    }
    this.#buf.set(bytes, this.#tail);
    this.#tail += n;
  }

  #release(): void {
    this.#head = this.#tail = 0;
    if (this.#buf.length > KEEP_BUFFER) this.#buf = EMPTY;
  }
}

/**
 * Reads the one request at the start of `bytes` in the given framing (REQUEST_HANDSHAKE reads in either);
 * ProtocolError when the bytes end before it does. `end` tells where it ended.
 */
export function readRequest(bytes: Uint8Array, framing: Framing = 'handshake'): ScannedRequest {
  const scanner = new RequestScanner({ framing });
  const [first] = scanner.push(bytes);
  if (!first) throw new ProtocolError(`truncated request: ${bytes.length} bytes do not hold a whole request`);
  return first;
}
