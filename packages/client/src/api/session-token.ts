// The opaque session string getSessionToken() hands out and setSessionToken() takes back: what a
// new client needs to reattach (session kind, session id, database, bridge resume id, token bytes).
import { decodeTokenPayload } from '../codec/token-payload.js';
import { InvalidArgumentError } from '../errors.js';
import { decodeBase64Url, encodeBase64Url } from '../tokens/base64url.js';

export type SessionKind = 'database' | 'server';

export interface SessionHandle {
  kind: SessionKind;
  sessionId: number;
  /** The database the session is open on ('' for a server session). */
  database: string;
  /** The bridge's resume id of the connection that held the session, when it went through a bridge. */
  resumeId: string;
  token: Uint8Array;
}

const FORMAT_VERSION = 1;
const PREFIX = 'oe1.';
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * base64url of:
 * version:byte kind:byte(1 database, 2 server) sessionId:int32 database:(u16 len + utf8)
 * resumeId:(u8 len + ascii) token:(the remaining bytes)
 */
export function encodeSessionHandle(h: SessionHandle): string {
  const db = encoder.encode(h.database);
  const resume = encoder.encode(h.resumeId);
  if (db.length > 0xffff || resume.length > 0xff)
    throw new InvalidArgumentError('database name or resume id too long for a session token');
  const out = new Uint8Array(1 + 1 + 4 + 2 + db.length + 1 + resume.length + h.token.length);
  const view = new DataView(out.buffer);
  let at = 0;
  out[at++] = FORMAT_VERSION;
  out[at++] = h.kind === 'database' ? 1 : 2;
  view.setInt32(at, h.sessionId);
  at += 4;
  view.setUint16(at, db.length);
  at += 2;
  out.set(db, at);
  at += db.length;
  out[at++] = resume.length;
  out.set(resume, at);
  at += resume.length;
  out.set(h.token, at);
  return PREFIX + encodeBase64Url(out);
}

export function decodeSessionHandle(s: string): SessionHandle {
  const bad = () => new InvalidArgumentError('not a session token from getSessionToken()');
  if (typeof s !== 'string' || !s.startsWith(PREFIX)) throw bad();
  // The URL alphabet only, unpadded, as encodeSessionHandle writes it.
  const text = s.slice(PREFIX.length);
  const bytes = /^[A-Za-z0-9_-]*$/.test(text) ? decodeBase64Url(text) : null;
  if (!bytes || bytes.length < 9 || bytes[0] !== FORMAT_VERSION || (bytes[1] !== 1 && bytes[1] !== 2)) throw bad();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  const sessionId = view.getInt32(at);
  at += 4;
  const dbLen = view.getUint16(at);
  at += 2;
  if (at + dbLen + 1 > bytes.length) throw bad();
  const database = decoder.decode(bytes.subarray(at, at + dbLen));
  at += dbLen;
  const resumeLen = bytes[at++]!;
  if (at + resumeLen > bytes.length) throw bad();
  const resumeId = decoder.decode(bytes.subarray(at, at + resumeLen));
  at += resumeLen;
  const token = bytes.slice(at);
  if (token.length === 0) throw bad();
  return { kind: bytes[1] === 1 ? 'database' : 'server', sessionId, database, resumeId, token };
}

/**
 * The handle with the database its token names: the server opens the token's database whatever the
 * handle says, so that is the one the client reports (client.database, client.session). Unchanged when
 * the token is unreadable or names none.
 */
export function withTokenDatabase(h: SessionHandle): SessionHandle {
  if (h.kind !== 'database') return h;
  let database: string | null = null;
  try {
    database = decodeTokenPayload(h.token).database;
  } catch {
    return h;
  }
  return database && database !== h.database ? { ...h, database } : h;
}
