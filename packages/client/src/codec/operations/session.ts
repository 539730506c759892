// The session family: REQUEST_HANDSHAKE (20), REQUEST_CONNECT (2), REQUEST_DB_OPEN (3), REQUEST_DB_CLOSE (5),
// and the session id + token body that CONNECT and DB_OPEN answer with.
import { ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import { ENCODING_DEFAULT, ERROR_MESSAGE_EMPTY } from './opcodes.js';

export interface HandshakeOptions {
  protocolVersion: number;
  driverName: string;
  driverVersion: string;
  /** 0 = Java-serialized exception, 1 = stack-trace text, 2 = empty detail (default). */
  errorEncoding?: number;
}

/**
 * Written after the opcode byte; a handshake carries no session id and no token.
 * protocolVersion:short driverName:string driverVersion:string encoding:byte(0) errorEncoding:byte
 */
export function encodeHandshakeRequest(w: Writer, o: HandshakeOptions): void {
  w.short(o.protocolVersion).string(o.driverName).string(o.driverVersion)
    .byte(ENCODING_DEFAULT).byte(o.errorEncoding ?? ERROR_MESSAGE_EMPTY);
}

export interface SessionToken {
  sessionId: number;
  /** The signed token; a copy, safe to keep. */
  token: Uint8Array;
}

/** sessionId:int token:bytes (the OK body shared by CONNECT and DB_OPEN under 37/38) */
export function decodeSessionToken(r: Reader): SessionToken {
  const sessionId = r.int();
  const token = r.bytesField();
  if (!token || token.length === 0) throw new ProtocolError('the server returned a session without a token');
  return { sessionId, token: token.slice() };
}

/** user:string password:string (sent with session id -1 and a null token) */
export function encodeConnectRequest(w: Writer, user: string, password: string): void {
  w.string(user).string(password);
}

/** sessionId:int token:bytes */
export function decodeConnectResponse(r: Reader): SessionToken {
  return decodeSessionToken(r);
}

/** database:string user:string password:string (sent with session id -1 and a null token) */
export function encodeDbOpenRequest(w: Writer, database: string, user: string, password: string): void {
  w.string(database).string(user).string(password);
}

/** sessionId:int token:bytes (no cluster list and no server release under 37/38) */
export function decodeDbOpenResponse(r: Reader): SessionToken {
  return decodeSessionToken(r);
}

/** (empty body); the server sends no response */
export function encodeDbCloseRequest(_w: Writer): void {}
