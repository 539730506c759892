// The 37/38 error body and its mapping to typed errors: token failures, MVCC conflicts, the rest.
import {
  AuthenticationError,
  ConcurrentModificationError,
  DatabaseNotFoundError,
  ServerError,
  TokenError,
  type ServerErrorDetails,
} from '../errors.js';
import type { Reader } from './reader.js';

/** Java classes that mean "this token (or the session behind it) is not accepted". */
const TOKEN_EXCEPTION_CLASSES: ReadonlySet<string> = new Set([
  'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException',
  'com.orientechnologies.orient.core.metadata.security.OTokenException',
]);
const CONCURRENT_MODIFICATION_CLASS = 'com.orientechnologies.orient.core.exception.OConcurrentModificationException';

/**
 * OErrorCode values sent in the error body: 1 query parse, 2 backup in progress, 3 MVCC, 4 validation,
 * 5 generic; only MVCC picks the error class.
 */
const ERROR_CODE_MVCC = 3;

/**
 * errorCode:int errorIdentifier:int (1:byte javaClass:string message:string)* 0:byte detail:bytes
 * detail is a Java-serialized exception, stack-trace text or empty, by the handshake's errorEncoding.
 */
function decodeErrorBody(r: Reader): ServerErrorDetails {
  const errorCode = r.int();
  const errorIdentifier = r.int();
  const chain: Array<{ javaClass: string; message: string }> = [];
  while (r.byte() === 1) {
    const javaClass = r.string() ?? '';
    const message = r.string() ?? '';
    chain.push({ javaClass, message });
  }
  const detail = r.bytesField();
  const first = chain[0] ?? { javaClass: 'unknown', message: '' };
  const details: ServerErrorDetails = {
    javaClass: first.javaClass,
    serverMessage: first.message,
    errorCode,
    errorIdentifier,
  };
  if (chain.length > 1) details.chain = chain.slice(1);
  if (detail && detail.length > 0) details.detail = detail.slice();
  return details;
}

const SECURITY_ACCESS_CLASS = 'com.orientechnologies.orient.core.exception.OSecurityAccessException';
// The same class also refuses an operation to a user without the permission: only these texts are a failed login.
const FAILED_LOGIN_PATTERN = /^(User or password not valid|Wrong user\/password)/;
const NO_DATABASE_CLASS = 'com.orientechnologies.orient.core.exception.OStorageDoesNotExistException';

const MVCC_PATTERN = /record (#-?\d+:-?\d+) because the version is not the latest.*\(db=v(-?\d+) your=v(-?\d+)\)/s;

/** The typed error for a decoded error body. */
export function serverErrorFrom(details: ServerErrorDetails): ServerError {
  if (TOKEN_EXCEPTION_CLASSES.has(details.javaClass)) return new TokenError(details);
  if (details.javaClass === SECURITY_ACCESS_CLASS && FAILED_LOGIN_PATTERN.test(details.serverMessage))
    return new AuthenticationError(details);
  if (details.javaClass === NO_DATABASE_CLASS) return new DatabaseNotFoundError(details);
  if (details.javaClass === CONCURRENT_MODIFICATION_CLASS || details.errorCode === ERROR_CODE_MVCC) {
    const m = MVCC_PATTERN.exec(details.serverMessage);
    return new ConcurrentModificationError(
      details,
      m ? { recordId: m[1]!, databaseVersion: Number(m[2]), recordVersion: Number(m[3]) } : {},
    );
  }
  return new ServerError(details);
}

/** Reads an error body and returns the typed error (the caller throws or rejects with it). */
export function readServerError(r: Reader): ServerError {
  return serverErrorFrom(decodeErrorBody(r));
}
