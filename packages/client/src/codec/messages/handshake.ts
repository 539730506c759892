// REQUEST_HANDSHAKE (20): announces protocol version, driver and error encoding; the server sends no reply.
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
