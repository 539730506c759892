// The OK body shared by CONNECT and DB_OPEN (37/38): the new session id and its token.
import { ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';

export interface SessionToken {
  sessionId: number;
  /** The signed token; a copy, safe to keep. */
  token: Uint8Array;
}

/** sessionId:int token:bytes */
export function decodeSessionToken(r: Reader): SessionToken {
  const sessionId = r.int();
  const token = r.bytesField();
  if (!token || token.length === 0) throw new ProtocolError('the server returned a session without a token');
  return { sessionId, token: token.slice() };
}
