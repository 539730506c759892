// Request framing after a 37/38 handshake: every request starts with opcode, session id and token.
import type { Writer } from './writer.js';

/**
 * opcode:byte sessionId:int token:bytes
 * A fresh session (CONNECT, DB_OPEN) sends sessionId -1 and a null token (length -1).
 */
export function encodeRequestHeader(w: Writer, opcode: number, sessionId: number, token: Uint8Array | null): void {
  w.byte(opcode).int(sessionId).bytesField(token);
}
