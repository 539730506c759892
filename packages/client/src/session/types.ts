// The session layer's shapes: what a connection offers the api layer (both the stateful connection
// after a handshake and the token-only stateless one), its options, and per-request options.
import type { DateZoneRef } from '../codec/date-zone.js';
import type { CallLimits } from '../lazy.js';
import type { PushMessage } from '../codec/push.js';
import type { Reader } from '../codec/reader.js';
import type { Request } from './request.js';

/** Reads one push frame (codec/push.ts's decodePush): brought by the subscriber, so it loads with it. */
export type PushDecoder = (r: Reader) => PushMessage;

/**
 * One connection carrying one session. `StatefulConnection` (handshake, pipelined requests, pushes) and
 * `StatelessConnection` (token-only requests, one at a time, no server-side state) implement it.
 */
export interface Connection {
  /** The session id requests carry (-1 on a stateless connection: the token alone names the session). */
  sessionId: number;
  /** The token requests carry; renewed tokens replace it. */
  token: Uint8Array | null;
  /** False for token-only requests: cursors, transactions and live queries are refused. */
  readonly stateful: boolean;
  /** The bridge handed over a parked upstream: the server-side session, cursors and transactions survived. */
  readonly resumed: boolean;
  /** Bridge only: the id to park under (set once the welcome arrived). */
  readonly resumeId: string | undefined;
  readonly closed: boolean;
  /** Nothing in flight and nothing half-read. */
  readonly idle: boolean;
  readonly serverProtocolVersion: number;
  readonly protocolVersion: number;
  request<T>(req: Request<T>, options?: RequestOptions): Promise<T>;
  /**
   * Hears the server's pushes, read with `decode`. The connection keeps the decoder once given (a push
   * may still come after its subscriber left); before any, a push is a protocol error.
   */
  onPush(handler: (push: PushMessage) => void, decode: PushDecoder): () => void;
  onTokenRenewed(handler: (token: Uint8Array) => void): () => void;
  /** Early data only: the bridge's welcome confirmed the resume (resumeId is set from then on). */
  onWelcome(handler: () => void): () => void;
  /** Called once when the connection ends; with an error when it was not closed by this side. */
  onClose(handler: (error?: Error) => void): () => void;
  /** Settles once every request written or queued so far is settled (answered or failed). */
  drained(): Promise<void>;
  /** Ends the connection; pending calls fail with ClientClosedError. `park` asks a bridge to keep the upstream. */
  close(options?: { park?: boolean }): void;
}

export interface ConnectionOptions {
  signal?: AbortSignal;
  /** Limit for opening (greeting) and the default per-request timeout. */
  timeoutMs?: number;
  /** Bridge only: resume a parked upstream. */
  resumeId?: string;
  /** With resumeId: the session's current token, which the bridge checks against the parked connection's. */
  resumeToken?: Uint8Array;
  /** With resumeId: send requests right behind the hello (see ConnectOptions.earlyData); refused, they fail with NotSentError. */
  earlyData?: boolean;
  /** Bridge only: the upstream's configured name. */
  upstream?: string;
  /** The highest protocol version to announce (default 38; 37 when the server greets with 37). */
  protocolVersion?: 37 | 38;
  /** Largest answer (one frame) buffered before the connection closes with FrameTooLargeError. */
  maxAnswerBytes?: number;
  /** Time allowed for the server's greeting once connected (ms; default: timeoutMs); past it, NoGreetingError. */
  greetingTimeoutMs?: number;
  /** Largest string/bytes field accepted (default 16 MiB, the server's network.binary.maxLength). */
  maxFieldBytes?: number;
  /** The database's time zone, shared by every connection of a database session: DATEs are read and written in it. */
  dates?: DateZoneRef;
  driverName?: string;
  driverVersion?: string;
  /** Server error detail: 'none' (default) or 'stack-trace' text in ServerErrorDetails.detail. */
  errorDetail?: 'none' | 'stack-trace';
}

/** A request's signal and timeout: the limits of the call it belongs to, which its every wait keeps (lazy.ts). */
export type RequestOptions = CallLimits;
