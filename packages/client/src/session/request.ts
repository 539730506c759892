// One request as a connection sends it: an operation of the table with its arguments, and how its answer
// is read (the operation's reader, or that reader mapped to what the caller returns).
import type { OperationCodec, ReplayClass } from '../codec/operations/operation.js';
import type { DateZone } from '../codec/date-zone.js';
import type { Reader } from '../codec/reader.js';
import type { Writer } from '../codec/writer.js';

export interface Request<T> {
  readonly opcode: number;
  /** The operation's name, for errors and logs: 'REQUEST_QUERY'. */
  readonly name: string;
  /** The first OrientDB release that knows the operation, when 3.0 does not (Operation.since). */
  readonly since?: string | undefined;
  readonly replay: ReplayClass;
  /** False when the server sends no answer (DB_CLOSE, record writes in no-response mode). */
  readonly answered: boolean;
  /** Opens a session (CONNECT, DB_OPEN): sent with session id -1 and no token; later requests wait for its answer. */
  readonly opensSession: boolean;
  /** Writes the body (after opcode, session id and token). */
  write(w: Writer): void;
  /** Decodes the OK body. */
  read(r: Reader): T;
  /** Walks the OK body without building values, so a large answer is decoded once, when complete. */
  skip?(r: Reader): void;
}

/** The request of `op` with `args`, answered by the operation's own reader. */
export function request<A, R>(op: OperationCodec<A, R>, args: A): Request<R> {
  return {
    opcode: op.opcode,
    name: op.name,
    since: op.since,
    replay: op.replay(args),
    answered: op.answered(args),
    opensSession: op.scope === 'login',
    write: (w) => op.write(w, args),
    read: (r) => op.readAnswer(r),
    skip: op.answerSkipper?.(),
  };
}

/**
 * The request of `op` whose arguments are completed as it is written: `complete` encodes documents and
 * parameters in the database's time zone, which the connection's Writer carries by then.
 */
export function requestEncodedOnWrite<A, R>(
  op: OperationCodec<A, R>,
  args: A,
  complete: (zone: DateZone | undefined) => Partial<A>,
): Request<R> {
  return { ...request(op, args), write: (w) => op.write(w, { ...args, ...complete(w.dateZone) }) };
}

/** The same request, its answer turned into what the caller returns. */
export function mapAnswer<R, T>(req: Request<R>, map: (answer: R) => T): Request<T> {
  return { ...req, read: (r) => map(req.read(r)) };
}
