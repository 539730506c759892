// The onet_ser_v37 document: what a record's `content` bytes hold (ORecordSerializerNetworkV37.serialize /
// deserialize), plus record content decoding by record type.
import { InvalidArgumentError, ProtocolError } from '../errors.js';
import { Incomplete, Reader, copyBytes, decodeUtf8 } from './reader.js';
import { RecordType } from './types.js';
import type { DateZone } from './date-zone.js';
import { decodeFailure, isStackOverflow, readDocumentBody } from './value-reader.js';
import { writeDocumentBody } from './value-writer.js';
import type { Writer } from './writer.js';

// className:string (length 0 = none) fieldCount:varint (name:string type:byte(-1 = null) value?)*
/**
 * Fields by name; '@class' when the record has a class name. Values: BOOLEAN → boolean; BYTE, SHORT,
 * INTEGER, FLOAT, DOUBLE → number; LONG → number, or bigint beyond ±(2^53-1); DATETIME → Date; DATE →
 * Date at 00:00 of the calendar day in the database's time zone (Reader.dateZone; UTC without one); STRING → string; BINARY → Uint8Array (a
 * copy); DECIMAL → Decimal (exact); EMBEDDED → object (with '@class' if it has one); EMBEDDEDLIST and
 * EMBEDDEDSET → array; EMBEDDEDMAP → object; LINK → RecordId; LINKLIST, LINKSET → (RecordId | null)[];
 * LINKMAP → object of RecordId | null; LINKBAG → RecordId[] (embedded) or TreeLinkBag; CUSTOM →
 * { className, bytes }; TRANSIENT, ANY and null → null. A DATETIME/DATE beyond what a JS Date holds
 * (±8.64e15 ms) stays as its ms (number | bigint) instead of an invalid Date.
 */
export function readDocument(r: Reader): Record<string, unknown> {
  try {
    return readDocumentBody(r, 0);
  } catch (e) {
    throw decodeFailure(e);
  }
}

/**
 * Writes `doc` as a document. The class is `className`, else `doc['@class']`, else none. Keys starting
 * with '@' are attributes, not fields, and undefined values are skipped.
 */
export function writeDocument(w: Writer, doc: Record<string, unknown>, className?: string): void {
  const cls = className ?? doc['@class'];
  try {
    writeDocumentBody(w, doc, typeof cls === 'string' ? cls : '', 0);
  } catch (e) {
    if (isStackOverflow(e)) throw new InvalidArgumentError('document nested too deeply for the call stack (or cyclic)');
    throw e;
  }
}

/**
 * Decodes a record's content bytes: documents ('d', the default) to their fields; blobs ('b') to
 * `{ value: Uint8Array }` (a copy); flat records ('f') to `{ value: string }`. Empty content is `{}`.
 */
export function decodeRecordContent(
  content: Uint8Array,
  recordType: number = RecordType.DOCUMENT,
  dateZone?: DateZone,
): Record<string, unknown> {
  if (recordType === RecordType.BLOB) return { value: copyBytes(content) };
  if (recordType === RecordType.FLAT) return { value: decodeUtf8(content, 0, content.length) };
  if (recordType !== RecordType.DOCUMENT) throw new ProtocolError(`unknown record type ${recordType}`);
  if (content.length === 0) return {};
  const r = new Reader(content);
  r.dateZone = dateZone;
  let doc: Record<string, unknown>;
  try {
    doc = readDocument(r);
  } catch (e) {
    if (e instanceof Incomplete) throw new ProtocolError(`document content ends early (${content.length} bytes)`);
    throw e;
  }
  if (r.pos !== content.length)
    throw new ProtocolError(`document content has ${content.length - r.pos} trailing bytes`);
  return doc;
}
