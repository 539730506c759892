// Query and live-query result items (OMessageHelper.writeResult / readResult): records sent whole
// (blob, vertex, edge, element) or projections (OResultSerializerNetwork), decoded to plain rows.
import { ProtocolError } from '../errors.js';
import { Incomplete, type Reader, copyBytes, decodeUtf8 } from './reader.js';
import { RecordId } from './record-id.js';
import { METADATA, decodeFailure, readFields, readKey, readResultBody } from './value-reader.js';

export { METADATA };

/**
 * One result row. Records carry '@rid' (RecordId), '@version', '@type' ('d' | 'b' | 'f'), '@class' when
 * they have one, then their fields (blobs: `value: Uint8Array`). Projections carry only their properties;
 * non-empty OResult metadata hangs off the row under the METADATA symbol (see `resultMetadata`).
 */
export type Row = Record<string, unknown>;

// Result item kinds: BLOB 0, VERTEX 1, EDGE 2 and ELEMENT 3 carry an identifiable, PROJECTION an OResult.
const RESULT_ELEMENT = 3;
const RESULT_PROJECTION = 4;

const DOCUMENT = 0x64; // 'd'
const BLOB = 0x62; // 'b'
const FLAT = 0x66; // 'f'
const RECORD_NULL = -2;
const RECORD_RID = -3;

/** The metadata of a projection row (e.g. `$score`, `$depth`), when the server sent any. */
export function resultMetadata(row: Row): Record<string, unknown> | undefined {
  return (row as { [METADATA]?: Record<string, unknown> })[METADATA];
}

/**
 * Decodes the `len` bytes that end at r.pos in place (a length-prefixed part already known to be
 * present): running out inside it is malformed, not incomplete; so are bytes left over.
 */
function decodeInPlace<T>(r: Reader, len: number, what: string, decode: (r: Reader) => T): T {
  const end = r.pos;
  r.pos = end - len;
  const prevEnd = r.limit(end);
  let v: T;
  try {
    v = decode(r);
  } catch (e) {
    r.pos = end;
    if (e instanceof Incomplete) throw new ProtocolError(`${what} ends early (declared ${len} bytes)`);
    throw decodeFailure(e);
  } finally {
    r.limit(prevEnd);
  }
  if (r.pos !== end) {
    const extra = end - r.pos;
    r.pos = end;
    throw new ProtocolError(`${what} has ${extra} trailing bytes`);
  }
  return v;
}

// type:byte then BLOB|VERTEX|EDGE|ELEMENT (0-3): identifiable; PROJECTION (4): bytes (int32 length) holding an OResult
export function readResultItem(r: Reader): Row {
  const kind = r.byte();
  if (kind === RESULT_PROJECTION) {
    const content = r.bytesField();
    if (content === null) throw new ProtocolError('null projection');
    return decodeInPlace(r, content.length, 'projection', readProjectionBody);
  }
  if (kind > RESULT_ELEMENT) throw new ProtocolError(`unknown result item type ${kind}`);
  const x = readIdentifiable(r);
  if (x === null) return {};
  if (x instanceof RecordId) return { '@rid': x };
  return x;
}

// type:byte then (0-3) identifiable | (4) int32 length + bytes
/** Moves past one result item without decoding its content. */
export function skipResultItem(r: Reader): void {
  const kind = r.byte();
  if (kind === RESULT_PROJECTION) {
    if (r.bytesField() === null) throw new ProtocolError('null projection');
    return;
  }
  if (kind > RESULT_ELEMENT) throw new ProtocolError(`unknown result item type ${kind}`);
  const classId = r.short();
  if (classId === RECORD_NULL) return;
  if (classId === RECORD_RID) {
    r.skip(10);
    return;
  }
  if (classId !== 0) throw unknownClassId(classId);
  r.skip(15);
  r.bytesField();
}

const unknownClassId = (classId: number) => new ProtocolError(`unknown identifiable class id ${classId}`);

// classId:short; -2 = null; -3 = rid (cluster:short position:long);
// 0 = record: recordType:byte cluster:short position:long version:int content:bytes (int32 length)
function readIdentifiable(r: Reader): Row | RecordId | null {
  const classId = r.short();
  if (classId === RECORD_NULL) return null;
  if (classId === RECORD_RID) return new RecordId(r.short(), r.long());
  if (classId !== 0) throw unknownClassId(classId);
  const recordType = r.byte();
  const rid = new RecordId(r.short(), r.long());
  const version = r.int();
  const content = r.bytesField();
  const row: Row = {
    '@rid': rid,
    '@version': version,
    '@type': recordType === DOCUMENT ? 'd' : String.fromCharCode(recordType),
  };
  if (content === null || content.length === 0) return row;
  if (recordType === DOCUMENT) {
    decodeInPlace(r, content.length, 'record content', (cr) => readRecordInto(cr, row));
  } else if (recordType === BLOB) {
    row['value'] = copyBytes(content);
  } else if (recordType === FLAT) {
    row['value'] = decodeUtf8(content, 0, content.length);
  } else {
    throw new ProtocolError(`unknown record type ${recordType}`);
  }
  return row;
}

function readRecordInto(r: Reader, row: Row): void {
  const className = readKey(r);
  if (className.length > 0) row['@class'] = className;
  readFields(r, row, false, 0);
}

// propertyCount:varint (name:string type:byte(-1 = null) value?)*  metadataCount:varint (same)*
/** A bare OResult (the content of a PROJECTION item): properties, then metadata (see `resultMetadata`). */
function readProjectionBody(r: Reader): Row {
  return readResultBody(r, 0);
}
