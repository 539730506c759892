// The legacy (no handshake) response framing used by token-only "stateless" requests: no opcode echo,
// and an error body without error code or identifier.
import type { ServerError } from '../errors.js';
import type { Reader } from './reader.js';
import { serverErrorFrom } from './error-body.js';
import { ProtocolError } from '../errors.js';

export interface LegacyResponseHeader {
  /** 0 = OK, 1 = ERROR. */
  status: number;
  sessionId: number;
  /** A renewed token to adopt, or null. */
  renewedToken: Uint8Array | null;
}

/*
 * ok    := 0:byte sessionId:int renewedToken:bytes body
 * error := 1:byte sessionId:int [renewedToken:bytes] (1:byte javaClass:string message:string)* 0:byte detail:bytes
 * The error's token field is written only when the server took the request for a token request; its
 * int32 length starts with a 0 byte, while the message list starts with 1 or 0 then 0.
 */
export function decodeLegacyResponseHeader(r: Reader): LegacyResponseHeader {
  const status = r.byte();
  if (status !== 0 && status !== 1) throw new ProtocolError(`unexpected response status ${status}`);
  const sessionId = r.int();
  let renewedToken: Uint8Array | null = null;
  if (status === 0 || r.bytes[r.pos] !== 1) {
    const t = r.bytesField();
    renewedToken = t && t.length > 0 ? t.slice() : null;
  }
  return { status, sessionId, renewedToken };
}

/** The legacy error body after its header: the typed error. */
export function readLegacyError(r: Reader): ServerError {
  const chain: Array<{ javaClass: string; message: string }> = [];
  while (r.byte() === 1) chain.push({ javaClass: r.string() ?? '', message: r.string() ?? '' });
  r.bytesField();
  const first = chain[0] ?? { javaClass: 'unknown', message: '' };
  return serverErrorFrom({
    javaClass: first.javaClass,
    serverMessage: first.message,
    errorCode: 0,
    errorIdentifier: 0,
    ...(chain.length > 1 ? { chain: chain.slice(1) } : {}),
  });
}
