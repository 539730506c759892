// REQUEST_CONNECT (2): a server-level session (root and other server users).
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import { decodeSessionToken, type SessionToken } from './session-token.js';

/** user:string password:string (sent with session id -1 and a null token) */
export function encodeConnectRequest(w: Writer, user: string, password: string): void {
  w.string(user).string(password);
}

/** sessionId:int token:bytes */
export function decodeConnectResponse(r: Reader): SessionToken {
  return decodeSessionToken(r);
}
