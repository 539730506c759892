// REQUEST_DB_OPEN (3): a database session.
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import { decodeSessionToken, type SessionToken } from './session-token.js';

/** database:string user:string password:string (sent with session id -1 and a null token) */
export function encodeDbOpenRequest(w: Writer, database: string, user: string, password: string): void {
  w.string(database).string(user).string(password);
}

/** sessionId:int token:bytes (no cluster list and no server release under 37/38) */
export function decodeDbOpenResponse(r: Reader): SessionToken {
  return decodeSessionToken(r);
}
