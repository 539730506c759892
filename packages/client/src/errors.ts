// The errors the client throws: one class per condition, each with a stable string `code`. Those of a
// subpath's feature alone live with it (TlsError, the pool's). Layer-neutral: codec, transport, session
// and api all import from here and from nowhere above.

export type ErrorCode =
  | 'ERR_SERVER' // the server answered with an error body
  | 'ERR_TOKEN' // OTokenSecurityException: token invalid, expired or foreign
  | 'ERR_SESSION_EXPIRED' // no route back to a stored session
  | 'ERR_CONCURRENT_MODIFICATION' // MVCC: stale record version
  | 'ERR_CONNECTION_LOST' // the connection dropped with requests pending
  | 'ERR_CURSOR_LOST' // a stream's server-side cursor did not survive a dropped connection
  | 'ERR_CONNECTION_REFUSED' // transport could not connect (or the bridge's upstream refused)
  | 'ERR_BRIDGE' // the bridge closed the WebSocket with one of its documented codes
  | 'ERR_PROTOCOL' // malformed or unexpected bytes
  | 'ERR_FRAME_TOO_LARGE' // a field or frame beyond the configured limit
  | 'ERR_TIMEOUT'
  | 'ERR_ABORTED'
  | 'ERR_OUTCOME_UNKNOWN' // a write was in flight when the connection dropped
  | 'ERR_NOT_SENT' // the bridge refused the connection before relaying the request
  | 'ERR_CLOSED' // the client was closed by the application
  | 'ERR_NOT_SUPPORTED' // the server's protocol version lacks the feature
  | 'ERR_POLICY' // the bridge's policy refused the request; it never reached OrientDB
  | 'ERR_AUTH' // wrong user or password
  | 'ERR_DATABASE_NOT_FOUND' // no database of that name on the server
  | 'ERR_NO_GREETING' // the TCP port answered, but not as OrientDB's binary protocol
  | 'ERR_UPGRADE_REFUSED' // the bridge (or whatever answered at its URL) refused the WebSocket upgrade
  | 'ERR_TLS' // the TLS handshake with OrientDB's SSL listener failed (certificate, CA, name)
  | 'ERR_TIME_ZONE' // a DATE cannot be placed in the database's time zone (unknown to the runtime, or not yet learned)
  | 'ERR_CHUNK_LOAD' // a part of the client loaded on first use (a file beside the browser bundle) did not load
  | 'ERR_INVALID_ARGUMENT';

export class OrientDBError extends Error {
  // Each class names itself: a minifier renames classes, so `new.target.name` would read `ge` or `W`.
  override name = 'OrientDBError';
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface ServerErrorDetails {
  /** Java class of the server-side exception, e.g. com.orientechnologies.orient.core.exception.OCommandExecutionException. */
  javaClass: string;
  /** The server's message. */
  serverMessage: string;
  /** OrientDB's error code (int32 from the 37/38 error body). */
  errorCode: number;
  /** OrientDB's error identifier (int32 from the 37/38 error body). */
  errorIdentifier: number;
  /** Further (class, message) pairs, outermost first, when the server sent more than one. */
  chain?: Array<{ javaClass: string; message: string }>;
  /** Raw error detail bytes (stack trace text when requested). */
  detail?: Uint8Array;
}

export class ServerError extends OrientDBError {
  override name = 'ServerError';
  readonly javaClass: string;
  readonly serverMessage: string;
  readonly errorCode: number;
  readonly errorIdentifier: number;
  readonly chain: Array<{ javaClass: string; message: string }>;
  constructor(details: ServerErrorDetails, code: ErrorCode = 'ERR_SERVER', message?: string) {
    super(code, message ?? `${details.javaClass}: ${details.serverMessage}`);
    this.javaClass = details.javaClass;
    this.serverMessage = details.serverMessage;
    this.errorCode = details.errorCode;
    this.errorIdentifier = details.errorIdentifier;
    this.chain = details.chain ?? [];
  }
}

/** The server refused the token (OTokenSecurityException): expired, foreign, or its session is gone. */
export class TokenError extends ServerError {
  override name = 'TokenError';
  constructor(details: ServerErrorDetails) {
    super(details, 'ERR_TOKEN');
  }
}

/** A stale record version (OConcurrentModificationException). */
export class ConcurrentModificationError extends ServerError {
  override name = 'ConcurrentModificationError';
  readonly recordId: string | undefined;
  readonly databaseVersion: number | undefined;
  readonly recordVersion: number | undefined;
  constructor(
    details: ServerErrorDetails,
    versions: { recordId?: string; databaseVersion?: number; recordVersion?: number } = {},
  ) {
    super(details, 'ERR_CONCURRENT_MODIFICATION');
    this.recordId = versions.recordId;
    this.databaseVersion = versions.databaseVersion;
    this.recordVersion = versions.recordVersion;
  }
}

/** The server ended a live query with an ERROR push (OLiveQueryPushRequest status 3). */
export class LiveQueryError extends OrientDBError {
  override name = 'LiveQueryError';
  readonly monitorId: number;
  readonly serverMessage: string;
  /** OrientDB's error code (OErrorCode). */
  readonly errorCode: number;
  readonly errorIdentifier: number;
  constructor(monitorId: number, details: { message: string; errorCode: number; errorIdentifier: number }) {
    super('ERR_SERVER', `live query ${monitorId} failed on the server: ${details.message}`);
    this.monitorId = monitorId;
    this.serverMessage = details.message;
    this.errorCode = details.errorCode;
    this.errorIdentifier = details.errorIdentifier;
  }
}

export class SessionExpiredError extends OrientDBError {
  override name = 'SessionExpiredError';
  constructor(message = 'the stored session can no longer be used; log in again', options?: { cause?: unknown }) {
    super('ERR_SESSION_EXPIRED', message, options);
  }
}
export class ConnectionLostError extends OrientDBError {
  override name = 'ConnectionLostError';
  constructor(
    message = 'the connection to OrientDB was lost',
    options?: { cause?: unknown },
    code: ErrorCode = 'ERR_CONNECTION_LOST',
  ) {
    super(code, message, options);
  }
}
/**
 * A stream had already handed out rows when its connection dropped, and its cursor on the server did
 * not survive (only a bridge's parked connection keeps it): nothing was written; run the query again.
 */
export class CursorLostError extends ConnectionLostError {
  override name = 'CursorLostError';
  constructor(options?: { cause?: unknown }) {
    super(
      'the connection dropped between pages of a stream and the server-side cursor is gone; run the query again',
      options,
      'ERR_CURSOR_LOST',
    );
  }
}
export class ConnectionRefusedError extends OrientDBError {
  override name = 'ConnectionRefusedError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_CONNECTION_REFUSED', message, options);
  }
}
/** The bridge closed the WebSocket with one of its documented close codes. */
export class BridgeError extends OrientDBError {
  override name = 'BridgeError';
  readonly closeCode: number;
  readonly reason: string;
  constructor(closeCode: number, reason: string) {
    super('ERR_BRIDGE', `bridge closed the connection: ${closeCode} ${reason}`);
    this.closeCode = closeCode;
    this.reason = reason;
  }
}
/**
 * The bridge's policy refused this request (`policyCode`, e.g. 'server_operation', 'database',
 * 'read_only', 'login_throttled'): it never reached OrientDB, and sending it again gets the same answer.
 */
export class PolicyError extends OrientDBError {
  override name = 'PolicyError';
  readonly policyCode: string;
  readonly reason: string;
  constructor(what: string, endpoint: string, policyCode: string, reason: string) {
    super(
      'ERR_POLICY',
      `the bridge at ${endpoint} refused ${what} (${policyCode}: ${reason}); it was not sent to OrientDB. ` +
        "Check the bridge's policy options for this upstream (allowed operations, databases, read-only, login limits)",
    );
    this.policyCode = policyCode;
    this.reason = reason;
  }
}
export class ProtocolError extends OrientDBError {
  override name = 'ProtocolError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('ERR_PROTOCOL', message, options);
  }
}
export class FrameTooLargeError extends OrientDBError {
  override name = 'FrameTooLargeError';
  constructor(message: string) {
    super('ERR_FRAME_TOO_LARGE', message);
  }
}
export class TimeoutError extends OrientDBError {
  override name = 'TimeoutError';
  constructor(message = 'the request timed out') {
    super('ERR_TIMEOUT', message);
  }
}
export class AbortError extends OrientDBError {
  override name = 'AbortError';
  constructor(message = 'the request was aborted', options?: { cause?: unknown }) {
    super('ERR_ABORTED', message, options);
  }
}
/** A non-idempotent request was in flight when the connection dropped: it may or may not have run. */
export class OutcomeUnknownError extends OrientDBError {
  override name = 'OutcomeUnknownError';
  constructor(
    message = 'the connection dropped while a write was in flight; its outcome is unknown',
    options?: { cause?: unknown },
  ) {
    super('ERR_OUTCOME_UNKNOWN', message, options);
  }
}
/**
 * The OutcomeUnknownError of one write: which request, where. A request newer than some servers (`since`)
 * says so, because such a server does not answer it: it drops the connection without running it.
 */
export function outcomeUnknown(
  request: { readonly name: string; readonly since?: string | undefined },
  endpoint: string,
  cause: Error,
): OutcomeUnknownError {
  const older = request.since
    ? `; OrientDB before ${request.since} does not know ${request.name} and drops the connection without running it: check the server's version`
    : '';
  return new OutcomeUnknownError(
    `the connection to ${endpoint} dropped while ${request.name} was in flight; its outcome is unknown${older}`,
    { cause },
  );
}
/** The request never reached OrientDB: the bridge refused the connection before relaying anything (`cause` says why). Safe to send again. */
export class NotSentError extends OrientDBError {
  override name = 'NotSentError';
  constructor(cause: Error) {
    super('ERR_NOT_SENT', `the request was not sent: ${cause.message}`, { cause });
  }
}
export class ClientClosedError extends OrientDBError {
  override name = 'ClientClosedError';
  constructor() {
    super('ERR_CLOSED', 'the client is closed');
  }
}
export class NotSupportedError extends OrientDBError {
  override name = 'NotSupportedError';
  constructor(message: string) {
    super('ERR_NOT_SUPPORTED', message);
  }
}
export class InvalidArgumentError extends OrientDBError {
  override name = 'InvalidArgumentError';
  constructor(message: string) {
    super('ERR_INVALID_ARGUMENT', message);
  }
}

/** A DATE value could not be converted: the database's time zone is unknown to this runtime, or not yet learned. */
export class TimeZoneError extends OrientDBError {
  override name = 'TimeZoneError';
  constructor(message: string) {
    super('ERR_TIME_ZONE', message);
  }
}

/** Where a login went: for the message of an AuthenticationError or a DatabaseNotFoundError. */
export interface LoginTarget {
  endpoint?: string;
  user?: string;
  /** Absent for a server login (CONNECT). */
  database?: string;
}
const at = (endpoint: string | undefined) => (endpoint ? `OrientDB at ${endpoint}` : 'OrientDB');

/**
 * Wrong user or password (OrientDB's OSecurityAccessException on DB_OPEN or CONNECT). The server's
 * class and text stay on `javaClass` and `serverMessage`.
 */
export class AuthenticationError extends ServerError {
  override name = 'AuthenticationError';
  constructor(details: ServerErrorDetails, target: LoginTarget = {}) {
    const who = target.user !== undefined ? `user '${target.user}'` : 'the user';
    super(
      details,
      'ERR_AUTH',
      target.database === undefined && target.user !== undefined
        ? `${at(target.endpoint)} refused the server login (CONNECT) of ${who}: wrong user or password. Check the server user (orientdb-server-config.xml <users>), or open a database with dbOpen() instead`
        : `${at(target.endpoint)} refused the login of ${who}${target.database ? ` to database '${target.database}'` : ''}: wrong user or password. Check both, and that the user exists in that database (OUser)`,
    );
  }
}

/** No database of that name on the server (OStorageDoesNotExistException); never the server's path in the message. */
export class DatabaseNotFoundError extends ServerError {
  override name = 'DatabaseNotFoundError';
  readonly database: string | undefined;
  constructor(details: ServerErrorDetails, target: LoginTarget = {}) {
    const database = target.database ?? /'([^'/\\]+)'/.exec(details.serverMessage)?.[1];
    super(
      details,
      'ERR_DATABASE_NOT_FOUND',
      `${at(target.endpoint)} has no database ${database ? `'${database}'` : 'of that name'}: check the name (a server session's dbList() lists them)`,
    );
    this.database = database;
  }
}

/** A TCP port that answered but sent no OrientDB greeting in time (an HTTP port, a bridge's port). */
export class NoGreetingError extends ConnectionRefusedError {
  override name = 'NoGreetingError';
  override readonly code: ErrorCode = 'ERR_NO_GREETING';
  constructor(endpoint: string, detail: string, options?: { cause?: unknown }) {
    super(`no OrientDB greeting from ${endpoint} (${detail}): is this the binary port (2424)?`, options);
  }
}

/**
 * The WebSocket upgrade failed. `status` is the HTTP status where the runtime shows it (Node's ws, Deno,
 * Bun): 403 Origin refused, 401 access token, 429 rate limit, 503 capacity or draining; undefined in
 * browsers, which report any failed upgrade as 1006 (the message then lists the likely causes).
 */
export class UpgradeRefusedError extends ConnectionRefusedError {
  override name = 'UpgradeRefusedError';
  override readonly code: ErrorCode = 'ERR_UPGRADE_REFUSED';
  readonly status: number | undefined;
  /** The bridge's Retry-After, where the runtime shows it (Node's ws). */
  readonly retryAfterMs: number | undefined;
  /**
   * Another try can help: rate limit and capacity (429, 503), or a browser's bare 1006 (a 429 looks the
   * same there). Never 401 or 403, nor another status (same request, same answer), nor a bridge the
   * runtime says is not listening (the reconnect loop tries that again later).
   */
  readonly retryable: boolean;
  constructor(
    message: string,
    failure: { status?: number; retryAfterMs?: number; unreachable?: boolean },
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.status = failure.status;
    this.retryAfterMs = failure.retryAfterMs;
    this.retryable =
      failure.status === undefined ? failure.unreachable !== true : failure.status === 429 || failure.status === 503;
  }
}

/**
 * A part of the client that is loaded on first use (transactions, live queries, record calls...: in the
 * browser bundle, a file beside orientdb-edge.browser.js) could not be loaded. `url` names that file.
 */
export class ChunkLoadError extends OrientDBError {
  override name = 'ChunkLoadError';
  readonly url: string;
  constructor(url: string, options?: { cause?: unknown }) {
    const why = (options?.cause as Error | undefined)?.message;
    super(
      'ERR_CHUNK_LOAD',
      `the client could not load ${url}${why ? ` (${why})` : ''}: this part of it is loaded on first use. Check that every file of the package's dist/ folder is served beside the bundle, all of the same version, that the network is up, and that the page's Content-Security-Policy (script-src) allows that URL`,
      options,
    );
    this.url = url;
  }
}
