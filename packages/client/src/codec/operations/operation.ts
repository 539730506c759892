// What one OrientDB operation is, as both ends of the wire see it: how its request body is written
// and read back, whether and how it is answered, and whether it may be sent again after a drop. The
// client sends requests through these descriptors (OperationCodec); the bridge reads requests with the
// same ones joined to their request readers (Operation, the entries of the table in table.ts), which
// the family files export apart so that a browser bundle, which never reads a request, leaves them out.
import { ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/**
 * What a drop while the request is in flight means for it:
 * - `read`: changes nothing on the server; sent again once the session is back.
 * - `cursor`: reads a server-side cursor (QUERY_NEXT_PAGE); sent again only where the cursor survived
 *   (the same upstream connection, resumed from the bridge's parking lot); elsewhere the whole read
 *   starts over or fails with CursorLostError.
 * - `write`: may change data; sent again only when it provably never reached the server (never sent,
 *   refused before running); otherwise the call fails with OutcomeUnknownError.
 * - `login`: opens a session (CONNECT, DB_OPEN); the caller logs in again, never a silent resend.
 * - `close`: ends a session (DB_CLOSE); nothing to send again.
 */
export type ReplayClass = 'read' | 'cursor' | 'write' | 'login' | 'close';

/** The families the table is grouped by, one file each under codec/operations/. */
export type OperationFamily = 'session' | 'query' | 'records' | 'transactions' | 'live' | 'admin';

/**
 * Which session the request runs in: `none` (the handshake), `server` (a CONNECT session), `database`
 * (a DB_OPEN session), `login` (opens one: session id -1, no token).
 */
export type OperationScope = 'none' | 'login' | 'server' | 'database';

/**
 * Request framing: `handshake` after REQUEST_HANDSHAKE (37/38 bodies, every request carries a token
 * field); `legacy` without one (the token-only "stateless" requests; CONNECT and DB_OPEN carry the
 * driver fields first).
 */
export type Framing = 'handshake' | 'legacy';

/** What the sending end needs of an operation. */
export interface OperationCodec<Args = unknown, Answer = unknown> {
  readonly opcode: number;
  /** As spelled in OChannelBinaryProtocol.java: 'REQUEST_DB_SIZE'. */
  readonly name: string;
  /**
   * The first OrientDB release whose server knows the operation, when 3.0 does not. An older server
   * with the same protocol version gives no error frame for it: it drops the connection.
   */
  readonly since?: string;
  readonly family: OperationFamily;
  readonly scope: OperationScope;
  /** The replay class; a function where the arguments decide (QUERY in query mode reads, in command mode writes). */
  replay(args: Args): ReplayClass;
  /** False when the server sends no answer (DB_CLOSE; record operations in no-response mode). */
  answered(args: Args): boolean;
  /**
   * Writes the body after the request header (opcode, session id, token), laid out as `framing` has it
   * ('handshake' when omitted, the only framing the client writes bodies for).
   */
  write(w: Writer, args: Args, framing?: Framing): void;
  /** Reads the OK answer's body. */
  readAnswer(r: Reader): Answer;
  /** A resumable walker of the OK answer's body that builds no values (for large answers, see Connection). */
  answerSkipper?(): (r: Reader) => void;
}

/**
 * A reader of the request body (what `write` wrote) for one request: call it again on the same
 * request with more bytes buffered and it resumes where it stopped, so a large body costs linear
 * time; it throws Incomplete until the whole body is there. Byte fields in the arguments are views
 * into the reader's bytes. Throws ProtocolError at once for an operation the framing lacks (the
 * server's legacy factory has no TX_BEGIN, TX_ROLLBACK, SUBSCRIBE_PUSH or UNSUBSCRIBE_PUSH).
 */
export type RequestReader<Args> = (framing: Framing) => (r: Reader) => Args;

/** An operation as the bridge reads it too: its codec and its request reader. */
export interface Operation<Args = unknown, Answer = unknown> extends OperationCodec<Args, Answer> {
  requestReader: RequestReader<Args>;
}

/** The operation of `codec` whose requests `requestReader` reads. */
export function withRequestReader<Args, Answer>(
  codec: OperationCodec<Args, Answer>,
  requestReader: RequestReader<Args>,
): Operation<Args, Answer> {
  return { ...codec, requestReader };
}

/** An operation whose arguments and answer types are not known statically (the table's entries). */
// biome-ignore lint/suspicious/noExplicitAny: the table holds operations of every argument type
export type AnyOperation = Operation<any, any>;

/** The reader factory of an operation that exists only after REQUEST_HANDSHAKE. */
export function handshakeOnly<Args>(name: string, reader: () => (r: Reader) => Args): RequestReader<Args> {
  return (framing) => {
    if (framing === 'legacy')
      throw new ProtocolError(`${name} needs a handshake: the server's legacy request factory lacks it`);
    return reader();
  };
}

/** A string field that the writer never sends null for (a null reads back as ''). */
export function readText(r: Reader): string {
  return r.string() ?? '';
}
