// The header of every 37/38 response: status, echoed session id, renewed token, echoed opcode.
import { ProtocolError } from '../errors.js';
import type { Reader } from './reader.js';
import { RESPONSE_STATUS_ERROR, RESPONSE_STATUS_OK } from './operations/opcodes.js';

export interface ResponseHeader {
  /** 0 = OK, 1 = ERROR. */
  status: number;
  /** The session id the request carried (-1 for CONNECT/DB_OPEN). */
  sessionId: number;
  /** A renewed token to adopt, or null when the field was empty/null. A copy, safe to keep. */
  renewedToken: Uint8Array | null;
  /** The opcode of the request this answers. */
  opcode: number;
}

/** status:byte(0|1) sessionId:int renewedToken:bytes(-1 or 0 = none) opcode:byte */
export function decodeResponseHeader(r: Reader): ResponseHeader {
  const status = r.byte();
  if (status !== RESPONSE_STATUS_OK && status !== RESPONSE_STATUS_ERROR) {
    throw new ProtocolError(`unexpected response status ${status}`);
  }
  const sessionId = r.int();
  const token = r.bytesField();
  const opcode = r.byte();
  return { status, sessionId, renewedToken: token && token.length > 0 ? token.slice() : null, opcode };
}
