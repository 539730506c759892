// The session layer's public shapes: connection options and the Request descriptor every call sends.
import type { Reader } from '../codec/reader.js';
import type { Writer } from '../codec/writer.js';

export interface ConnectionOptions {
  signal?: AbortSignal;
  /** Limit for opening (greeting) and the default per-request timeout. */
  timeoutMs?: number;
  /** Bridge only: resume a parked upstream. */
  resumeId?: string;
  /** With resumeId: send requests right behind the hello (see ConnectOptions.earlyData); refused, they fail with NotSentError. */
  earlyData?: boolean;
  /** Bridge only: the upstream's configured name. */
  upstream?: string;
  /** The highest protocol version to announce (default 38; 37 when the server greets with 37). */
  protocolVersion?: 37 | 38;
  /** Largest string/bytes field accepted (default 16 MiB, the server's network.binary.maxLength). */
  maxFieldBytes?: number;
  driverName?: string;
  driverVersion?: string;
  /** Server error detail: 'none' (default) or 'stack-trace' text in ServerErrorDetails.detail. */
  errorDetail?: 'none' | 'stack-trace';
}

export interface Request<T> {
  opcode: number;
  /** Writes the body (after opcode, session id and token). */
  write(w: Writer): void;
  /** Decodes the OK body. */
  read(r: Reader): T;
  /** Walks the OK body without building values, so a large frame is decoded once, when complete. */
  skip?(r: Reader): void;
  /** Safe to replay: a drop while it is in flight gives ConnectionLostError, not OutcomeUnknownError. */
  idempotent?: boolean;
  /** No response expected (DB_CLOSE). */
  noResponse?: boolean;
  /** Send session id -1 and no token (CONNECT/DB_OPEN); later requests wait until it is answered. */
  fresh?: boolean;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeoutMs?: number;
}
