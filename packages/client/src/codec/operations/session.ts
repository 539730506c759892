// The session family: REQUEST_HANDSHAKE (20), REQUEST_CONNECT (2), REQUEST_DB_OPEN (3), REQUEST_DB_CLOSE (5),
// and the session id + token body that CONNECT and DB_OPEN answer with.
import { InvalidArgumentError, ProtocolError } from '../../errors.js';
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';
import {
  ENCODING_DEFAULT,
  ERROR_MESSAGE_EMPTY,
  REQUEST_CONNECT,
  REQUEST_DB_CLOSE,
  REQUEST_DB_OPEN,
  REQUEST_DB_REOPEN,
  REQUEST_HANDSHAKE,
} from './opcodes.js';
import { readText, type Framing, type OperationCodec, type RequestReader } from './operation.js';

export interface HandshakeOptions {
  protocolVersion: number;
  driverName: string;
  driverVersion: string;
  /** 0 = Java-serialized exception, 1 = stack-trace text, 2 = empty detail (default). */
  errorEncoding?: number;
  /** The record encoding; 0 (default) is the only one defined. */
  encoding?: number;
}

/**
 * Written after the opcode byte; a handshake carries no session id and no token.
 * protocolVersion:short driverName:string driverVersion:string encoding:byte(0) errorEncoding:byte
 */
export function encodeHandshakeRequest(w: Writer, o: HandshakeOptions): void {
  w.short(o.protocolVersion)
    .string(o.driverName)
    .string(o.driverVersion)
    .byte(o.encoding ?? ENCODING_DEFAULT)
    .byte(o.errorEncoding ?? ERROR_MESSAGE_EMPTY);
}

function readHandshake(r: Reader): Required<HandshakeOptions> {
  const protocolVersion = r.short();
  const driverName = readText(r);
  const driverVersion = readText(r);
  const encoding = r.byte();
  const errorEncoding = r.byte();
  return { protocolVersion, driverName, driverVersion, encoding, errorEncoding };
}

/** Nothing comes back; after it every request on the socket carries a token field. */
export const HANDSHAKE: OperationCodec<HandshakeOptions, void> = {
  opcode: REQUEST_HANDSHAKE,
  name: 'REQUEST_HANDSHAKE',
  family: 'session',
  scope: 'none',
  replay: () => 'login',
  answered: () => false,
  write: encodeHandshakeRequest,
  readAnswer: () => undefined,
};

export const HANDSHAKE_REQUEST_READER: RequestReader<HandshakeOptions> = () => readHandshake;

/**
 * What CONNECT and DB_OPEN carry before the credentials when no handshake came first (OConnectRequest,
 * OOpenRequest); the server refuses a protocolVersion above 36 there.
 */
export interface LegacyLogin {
  driverName: string;
  driverVersion: string;
  protocolVersion: number;
  clientId: string | null;
  /** The record serializer's name, e.g. 'ORecordSerializerBinary'. */
  serializationImpl: string | null;
  /** Sent when protocolVersion > 26 (else false); 3.2 refuses false unless network.binary.allowNoToken. */
  tokenSession: boolean;
  /** Sent when protocolVersion > 33 (else true). */
  supportPush: boolean;
  /** Sent when protocolVersion > 33 (else true). */
  collectStats: boolean;
}

/**
 * driverName:string driverVersion:string protocolVersion:short clientId:string serializationImpl:string
 * [tokenSession:boolean if protocolVersion > 26] [supportPush:boolean collectStats:boolean if protocolVersion > 33]
 */
function writeLegacyLogin(w: Writer, l: LegacyLogin | undefined, name: string): void {
  if (!l) throw new InvalidArgumentError(`${name} without a handshake needs the legacy login fields`);
  w.string(l.driverName)
    .string(l.driverVersion)
    .short(l.protocolVersion)
    .string(l.clientId)
    .string(l.serializationImpl);
  if (l.protocolVersion > 26) w.bool(l.tokenSession);
  if (l.protocolVersion > 33) w.bool(l.supportPush).bool(l.collectStats);
}

function readLegacyLogin(r: Reader): LegacyLogin {
  const driverName = readText(r);
  const driverVersion = readText(r);
  const protocolVersion = r.short();
  const clientId = r.string();
  const serializationImpl = r.string();
  const tokenSession = protocolVersion > 26 ? r.bool() : false;
  let supportPush = true;
  let collectStats = true;
  if (protocolVersion > 33) {
    supportPush = r.bool();
    collectStats = r.bool();
  }
  return {
    driverName,
    driverVersion,
    protocolVersion,
    clientId,
    serializationImpl,
    tokenSession,
    supportPush,
    collectStats,
  };
}

export interface SessionToken {
  sessionId: number;
  /** The signed token; a copy, safe to keep. */
  token: Uint8Array;
}

/** sessionId:int token:bytes (the OK body shared by CONNECT and DB_OPEN under 37/38) */
function decodeSessionToken(r: Reader): SessionToken {
  const sessionId = r.int();
  const token = r.bytesField();
  if (!token || token.length === 0) throw new ProtocolError('the server returned a session without a token');
  return { sessionId, token: token.slice() };
}

/** user:string password:string (sent with session id -1 and a null token) */
function encodeConnectRequest(w: Writer, user: string, password: string): void {
  w.string(user).string(password);
}

/** sessionId:int token:bytes */
function decodeConnectResponse(r: Reader): SessionToken {
  return decodeSessionToken(r);
}

export interface ConnectArgs {
  user: string;
  password: string;
  /** Only in legacy framing (no handshake), where they come first. */
  legacy?: LegacyLogin;
}

/** handshake: user:string password:string; legacy: legacyLogin user:string password:string */
export const CONNECT: OperationCodec<ConnectArgs, SessionToken> = {
  opcode: REQUEST_CONNECT,
  name: 'REQUEST_CONNECT',
  family: 'session',
  scope: 'login',
  replay: () => 'login',
  answered: () => true,
  write(w, a, framing: Framing = 'handshake') {
    if (framing === 'legacy') writeLegacyLogin(w, a.legacy, 'REQUEST_CONNECT');
    encodeConnectRequest(w, a.user, a.password);
  },
  readAnswer: decodeConnectResponse,
};

export const CONNECT_REQUEST_READER: RequestReader<ConnectArgs> = (framing) => (r) => {
  const legacy = framing === 'legacy' ? readLegacyLogin(r) : undefined;
  const user = readText(r);
  const password = readText(r);
  return legacy ? { user, password, legacy } : { user, password };
};

/** database:string user:string password:string (sent with session id -1 and a null token) */
function encodeDbOpenRequest(w: Writer, database: string, user: string, password: string): void {
  w.string(database).string(user).string(password);
}

/** sessionId:int token:bytes (no cluster list and no server release under 37/38) */
function decodeDbOpenResponse(r: Reader): SessionToken {
  return decodeSessionToken(r);
}

export interface DbOpenArgs {
  database: string;
  user: string;
  password: string;
  /** Only in legacy framing (no handshake), where they come first. */
  legacy?: LegacyLogin & {
    /** Sent after the database name when protocolVersion <= 32. */
    dbType?: string | null;
  };
}

/**
 * handshake: database:string user:string password:string
 * legacy: legacyLogin database:string [dbType:string if protocolVersion <= 32] user:string password:string
 */
export const DB_OPEN: OperationCodec<DbOpenArgs, SessionToken> = {
  opcode: REQUEST_DB_OPEN,
  name: 'REQUEST_DB_OPEN',
  family: 'session',
  scope: 'login',
  replay: () => 'login',
  answered: () => true,
  write(w, a, framing: Framing = 'handshake') {
    if (framing === 'handshake') return encodeDbOpenRequest(w, a.database, a.user, a.password);
    writeLegacyLogin(w, a.legacy, 'REQUEST_DB_OPEN');
    w.string(a.database);
    if (a.legacy!.protocolVersion <= 32) w.string(a.legacy!.dbType ?? null);
    w.string(a.user).string(a.password);
  },
  readAnswer: decodeDbOpenResponse,
};

export const DB_OPEN_REQUEST_READER: RequestReader<DbOpenArgs> = (framing) => (r) => {
  if (framing === 'handshake') return { database: readText(r), user: readText(r), password: readText(r) };
  const legacy: NonNullable<DbOpenArgs['legacy']> = readLegacyLogin(r);
  const database = readText(r);
  if (legacy.protocolVersion <= 32) legacy.dbType = r.string();
  return { database, user: readText(r), password: readText(r), legacy };
};

/** (empty body); the server sends no response */
function encodeDbCloseRequest(_w: Writer): void {}

/** Ends a server or database session; nothing comes back. */
export const DB_CLOSE: OperationCodec<void, void> = {
  opcode: REQUEST_DB_CLOSE,
  name: 'REQUEST_DB_CLOSE',
  family: 'session',
  scope: 'database',
  replay: () => 'close',
  answered: () => false,
  write: encodeDbCloseRequest,
  readAnswer: () => undefined,
};

export const DB_CLOSE_REQUEST_READER: RequestReader<void> = () => () => undefined;

/**
 * (empty body) -> sessionId:int
 * Rebinds an existing session to this socket (OReopenRequest, OReopenResponse).
 */
export const DB_REOPEN: OperationCodec<void, { sessionId: number }> = {
  opcode: REQUEST_DB_REOPEN,
  name: 'REQUEST_DB_REOPEN',
  family: 'session',
  scope: 'database',
  replay: () => 'login',
  answered: () => true,
  write: () => undefined,
  readAnswer: (r) => ({ sessionId: r.int() }),
};

export const DB_REOPEN_REQUEST_READER: RequestReader<void> = () => () => undefined;
