// Pre-encoded request frames of the raw contestant, built once with the client's Writer (session id
// and token included), so the timed loop only writes bytes.
import { Writer } from '../../packages/client/src/codec/writer.js';

const REQUEST_DB_OPEN = 3;
const REQUEST_HANDSHAKE = 20;
const REQUEST_RECORD_CREATE = 31;
const REQUEST_QUERY = 45;
const REQUEST_QUERY_NEXT_PAGE = 47;
const REQUEST_TX_COMMIT = 60;
const TYPE_INTEGER = 1;
const TYPE_DOUBLE = 5;
const TYPE_STRING = 7;
const TYPE_EMBEDDEDMAP = 12;
const RECORD_TYPE_DOCUMENT = 100;

export interface Session {
  sessionId: number;
  token: Uint8Array;
}

/** HANDSHAKE then DB_OPEN, written together: protocol 38, empty error detail, session -1, null token. */
export function openFrames(database: string, user: string, password: string): Uint8Array {
  const w = new Writer(128);
  w.byte(REQUEST_HANDSHAKE).short(38).string('orientdb-edge-bench-raw').string('1').byte(0).byte(2);
  w.byte(REQUEST_DB_OPEN).int(-1).int(-1).string(database).string(user).string(password);
  return w.finish().slice();
}

/** Only the HANDSHAKE, for a reattach with an old session id and token. */
export function handshakeFrame(): Uint8Array {
  const w = new Writer(64);
  w.byte(REQUEST_HANDSHAKE).short(38).string('orientdb-edge-bench-raw').string('1').byte(0).byte(2);
  return w.finish().slice();
}

function header(w: Writer, opcode: number, s: Session): Writer {
  return w.byte(opcode).int(s.sessionId).bytesField(s.token);
}

/** Named params document: "" class, one field `params` = EMBEDDEDMAP { key: INTEGER }. */
export function intParam(name: string, value: number): Uint8Array {
  const w = new Writer(32);
  w.varString('')
    .varint(1)
    .varString('params')
    .byte(TYPE_EMBEDDEDMAP)
    .varint(1)
    .varString(name)
    .byte(TYPE_INTEGER)
    .varint(value);
  return w.finish().slice();
}

export function queryFrame(s: Session, sql: string, params: Uint8Array | null, pageSize: number): Uint8Array {
  const w = header(new Writer(256), REQUEST_QUERY, s);
  w.string('sql')
    .string(sql)
    .byte(1)
    .int(pageSize)
    .string(null)
    .bytesField(params ?? new Uint8Array(0))
    .bool(true);
  return w.finish().slice();
}

/** QUERY_NEXT_PAGE: the fixed prefix, then the cursor id field as the server sent it, then the page size. */
export function nextPageFrame(prefix: Uint8Array, queryIdField: Uint8Array, pageSize: number): Uint8Array {
  const frame = new Uint8Array(prefix.length + queryIdField.length + 4);
  frame.set(prefix);
  frame.set(queryIdField, prefix.length);
  new DataView(frame.buffer).setInt32(prefix.length + queryIdField.length, pageSize);
  return frame;
}

export function nextPagePrefix(s: Session): Uint8Array {
  return header(new Writer(64), REQUEST_QUERY_NEXT_PAGE, s).finish().slice();
}

/** A Row document: class "Row", fields k INTEGER, s STRING, d DOUBLE. */
function rowContent(i: number): Uint8Array {
  const w = new Writer(48);
  w.varString('Row')
    .varint(3)
    .varString('k')
    .byte(TYPE_INTEGER)
    .varint(i)
    .varString('s')
    .byte(TYPE_STRING)
    .varString(`row-${i}`)
    .varString('d')
    .byte(TYPE_DOUBLE)
    .double(i * 0.5);
  return w.finish().slice();
}

/** RECORD_CREATE, cluster -1 (the server picks one of the class), synchronous. */
export function recordCreateFrame(s: Session, i: number): Uint8Array {
  const w = header(new Writer(96), REQUEST_RECORD_CREATE, s);
  w.short(-1).bytesField(rowContent(i)).byte(RECORD_TYPE_DOCUMENT).byte(0);
  return w.finish().slice();
}

/** TX_COMMIT with full content: one CREATED entry per record, temporary RIDs #-1:-2, #-1:-3, ... */
export function txCommitFrame(s: Session, txId: number, ids: readonly number[]): Uint8Array {
  const w = header(new Writer(64 + ids.length * 64), REQUEST_TX_COMMIT, s);
  w.int(txId).bool(true).bool(true);
  ids.forEach((id, n) => {
    w.byte(1)
      .byte(3)
      .short(-1)
      .long(-2 - n)
      .byte(RECORD_TYPE_DOCUMENT)
      .bytesField(rowContent(id));
  });
  w.byte(0).int(0);
  return w.finish().slice();
}
