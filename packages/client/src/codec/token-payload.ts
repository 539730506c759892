// Reads the payload of OrientDB's binary session token (OBinaryTokenSerializer, type "OrientDB"):
// enough to know its database, user, protocol and expiry on the client. The signature is not checked.
import { ProtocolError } from '../errors.js';

export interface TokenPayload {
  /** Header byte 0: index into ["OrientDB", "node"]. */
  type: 'OrientDB' | 'node';
  keyIndex: number;
  algorithmIndex: number;
  database: string | null;
  /** "plocal", "memory", or null (server-level token). */
  databaseType: string | null;
  /** The user's record id, or null. */
  userRid: { cluster: number; position: number } | null;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  serverUser: boolean;
  /** Only present for server users. */
  userName: string | null;
  protocolVersion: number;
  serializer: string | null;
  driverName: string | null;
  driverVersion: string | null;
  /** The bytes after the payload: the HMAC (32 bytes for HmacSHA256). */
  signature: Uint8Array;
}

const TYPES = ['OrientDB', 'node'] as const;
const DB_TYPES = ['plocal', 'memory'];
const utf8 = new TextDecoder('utf-8', { fatal: true });

/*
 * token := type:byte keyIndex:byte algorithmIndex:byte payload signature
 * payload ("OrientDB") :=
 *   database:str16  dbType:byte(-1 = none)  ridCluster:int16 ridPosition:int64 (-1/-1 = none)
 *   expiry:int64 (ms since epoch)  serverUser:bool [userName:str16 if serverUser]
 *   protocolVersion:int16  serializer:str16  driverName:str16  driverVersion:str16
 * str16 := length:int16 (-1 = null) utf8-bytes          (all integers big-endian)
 * signature := the remaining bytes (HMAC over everything before it)
 */
export function decodeTokenPayload(token: Uint8Array): TokenPayload {
  const view = new DataView(token.buffer, token.byteOffset, token.byteLength);
  let pos = 0;
  const need = (n: number) => {
    if (pos + n > token.length)
      throw new ProtocolError(`session token truncated at byte ${pos} (needs ${n} more, has ${token.length - pos})`);
  };
  const byte = () => {
    need(1);
    return view.getInt8(pos++);
  };
  const int16 = () => {
    need(2);
    const v = view.getInt16(pos);
    pos += 2;
    return v;
  };
  const int64 = () => {
    need(8);
    const v = view.getBigInt64(pos);
    pos += 8;
    return v;
  };
  const str16 = (): string | null => {
    const len = int16();
    if (len < 0) return null;
    need(len);
    try {
      const text = utf8.decode(token.subarray(pos, pos + len));
      pos += len;
      return text;
    } catch (cause) {
      throw new ProtocolError('invalid UTF-8 in a session token string', { cause });
    }
  };

  const typeIndex = byte();
  const type = TYPES[typeIndex];
  if (type === undefined) throw new ProtocolError(`unknown session token type ${typeIndex}`);
  if (type !== 'OrientDB') throw new ProtocolError(`session token type "${type}" is not a client token`);
  const keyIndex = byte();
  const algorithmIndex = byte();
  const database = str16();
  const dbType = byte();
  const databaseType = dbType >= 0 ? (DB_TYPES[dbType] ?? `#${dbType}`) : null;
  const cluster = int16();
  const position = int64();
  const userRid = cluster !== -1 && position !== -1n ? { cluster, position: Number(position) } : null;
  const expiry = int64();
  if (expiry > BigInt(Number.MAX_SAFE_INTEGER) || expiry < 0n)
    throw new ProtocolError(`session token expiry out of range: ${expiry}`);
  const serverUser = byte() !== 0;
  const userName = serverUser ? str16() : null;
  const protocolVersion = int16();
  const serializer = str16();
  const driverName = str16();
  const driverVersion = str16();
  return {
    type,
    keyIndex,
    algorithmIndex,
    database,
    databaseType,
    userRid,
    expiresAt: Number(expiry),
    serverUser,
    userName,
    protocolVersion,
    serializer,
    driverName,
    driverVersion,
    signature: token.slice(pos),
  };
}

/** The token's expiry in ms since the epoch, or undefined when the bytes are not a readable binary token. */
export function tokenExpiresAt(token: Uint8Array): number | undefined {
  try {
    return decodeTokenPayload(token).expiresAt;
  } catch {
    return undefined;
  }
}
