// Decodes onet_ser_v37 values (ORecordSerializerNetworkV37 / OResultSerializerNetwork.deserializeValue)
// into JS values, for documents (EMBEDDED = nested document) and for results (EMBEDDED = nested OResult).
import { ProtocolError } from '../errors.js';
import { Decimal, bytesToBigint } from './decimal.js';
import { TreeLinkBag, type TreeLinkBagChange } from './link-bag.js';
import { RecordId } from './record-id.js';
import { copyBytes, type Reader } from './reader.js';

/** Deepest nesting of embedded values accepted on decode (and encode); beyond it: ProtocolError. */
export const MAX_NESTING_DEPTH = 2000;

/** Symbol key under which an OResult's non-empty metadata is attached to its row (not enumerable by Object.keys/JSON). */
export const METADATA: unique symbol = Symbol.for('orientdb-edge.metadata');

const MS_PER_DAY = 86400000;
const MAX_DATE_MS = 8.64e15;

/** Sets a decoded property; '__proto__' becomes an own property instead of changing the prototype. */
function setProp(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

/** True for the engine's stack-overflow error (RangeError in V8/JSC, InternalError in SpiderMonkey). */
export function isStackOverflow(e: unknown): boolean {
  return (
    e instanceof Error && (e.name === 'RangeError' || e.name === 'InternalError') && /stack|recursion/i.test(e.message)
  );
}

/** Rethrows a stack overflow met while decoding as a ProtocolError. */
export function decodeFailure(e: unknown): unknown {
  return isStackOverflow(e) ? new ProtocolError('values nested too deeply for the call stack', { cause: e }) : e;
}

function count(r: Reader): number {
  const n = r.varintNumber();
  if (n < 0) throw new ProtocolError(`negative item count ${n}`);
  return n;
}

function checkDepth(depth: number): void {
  if (depth > MAX_NESTING_DEPTH) throw new ProtocolError(`values nested deeper than ${MAX_NESTING_DEPTH} levels`);
}

const KEY_SLOTS = 4096;
const keyBytes: Array<Uint8Array | undefined> = new Array(KEY_SLOTS);
const keyStrings: string[] = new Array(KEY_SLOTS);

/**
 * A field name / map key / class name (varint length + UTF-8). Short names repeat row after row, so
 * they come from a small cache keyed by their bytes: no new string, and an already-internalized key.
 */
export function readKey(r: Reader): string {
  const b = r.bytes;
  const start = r.pos;
  if (start < r.end) {
    const first = b[start]!;
    const len = first >>> 1;
    if (first < 0x80 && (first & 1) === 0 && len !== 0 && len <= 32 && start + 1 + len <= r.end) {
      const from = start + 1;
      const to = from + len;
      let h = len;
      for (let i = from; i < to; i++) h = (Math.imul(h, 31) + b[i]!) | 0;
      const slot = h & (KEY_SLOTS - 1);
      const cached = keyBytes[slot];
      if (cached !== undefined && cached.length === len) {
        let i = 0;
        while (i < len && cached[i] === b[from + i]) i++;
        if (i === len) {
          r.pos = to;
          return keyStrings[slot]!;
        }
      }
      const s = r.varString();
      keyBytes[slot] = copyBytes(b, from, to);
      keyStrings[slot] = s;
      return s;
    }
  }
  return r.varString();
}

/**
 * Reads one value of OType `type`. `result` selects the OResult flavour, where EMBEDDED is an OResult
 * (properties + metadata, no class name) instead of a document.
 */
function readValue(r: Reader, type: number, result: boolean, depth: number): unknown {
  switch (type) {
    case 0:
      return r.byte() === 1; // BOOLEAN: 1 byte
    case 1: // INTEGER: varint
    case 2:
      return r.varintNumber(); // SHORT: varint
    case 3:
      return r.varint(); // LONG: varint (bigint beyond 2^53-1)
    case 4:
      return r.float(); // FLOAT: 4 bytes BE
    case 5:
      return r.double(); // DOUBLE: 8 bytes BE
    case 6:
      return toDate(r.varint()); // DATETIME: varint ms since epoch
    case 7:
      return r.varString(); // STRING: varint length + UTF-8
    case 8:
      return copyBytes(r.varBytes()); // BINARY: varint length + bytes (copied)
    case 9: // EMBEDDED
      checkDepth(depth + 1);
      return result ? readResultBody(r, depth + 1) : readDocumentBody(r, depth + 1);
    case 10: // EMBEDDEDLIST
    case 11:
      return readEmbeddedCollection(r, result, depth + 1); // EMBEDDEDSET (as an array)
    case 12:
      return readEmbeddedMap(r, result, depth + 1);
    case 13:
      return readLink(r);
    case 14: // LINKLIST
    case 15:
      return readLinkCollection(r); // LINKSET (as an array)
    case 16:
      return readLinkMap(r, result, depth);
    case 17:
      return r.int8(); // BYTE: 1 byte, signed
    case 18:
      return null; // TRANSIENT: no payload
    case 19:
      return readDate(r); // DATE: varint days since 1970-01-01, a calendar day
    case 20:
      return { className: r.varString(), bytes: copyBytes(r.varBytes()) }; // CUSTOM
    case 21:
      return readDecimal(r);
    case 22:
      return readLinkBag(r);
    case 23:
      return null; // ANY: no payload
    default:
      throw new ProtocolError(`unknown OType id ${type}`);
  }
}

/** A DATE: 00:00 of its day in the database's time zone (r.dateZone), as OrientDB's own clients read it. */
function readDate(r: Reader): Date | number | bigint {
  const days = r.varint();
  if (r.dateZone && typeof days === 'number' && Math.abs(days) <= MAX_DATE_MS / MS_PER_DAY - 2)
    return new Date(r.dateZone.midnight(days));
  return toDate(dayMs(days));
}

function dayMs(days: number | bigint): number | bigint {
  return typeof days === 'number' && Math.abs(days) <= 1e8 ? days * MS_PER_DAY : BigInt(days) * BigInt(MS_PER_DAY);
}

/** A Date, or the raw ms (number | bigint) when outside the range a JS Date can hold. */
function toDate(ms: number | bigint): Date | number | bigint {
  if (typeof ms === 'number' && ms >= -MAX_DATE_MS && ms <= MAX_DATE_MS) return new Date(ms);
  return ms;
}

// className:string fieldCount:varint (name:string type:byte value?)*
export function readDocumentBody(r: Reader, depth: number): Record<string, unknown> {
  const className = readKey(r);
  const doc: Record<string, unknown> = {};
  if (className.length > 0) doc['@class'] = className;
  readFields(r, doc, false, depth);
  return doc;
}

export function readFields(r: Reader, into: Record<string, unknown>, result: boolean, depth: number): void {
  let n = count(r);
  while (n-- > 0) {
    const name = readKey(r);
    const t = r.byte();
    const v = t === 0xff ? null : readValue(r, t, result, depth);
    if (name === '__proto__') setProp(into, name, v);
    else into[name] = v;
  }
}

// propertyCount:varint (name:string type:byte value?)*  metadataCount:varint (same)*
export function readResultBody(r: Reader, depth: number): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  readFields(r, row, true, depth);
  const m = count(r);
  if (m > 0) {
    const meta: Record<string, unknown> = {};
    let n = m;
    while (n-- > 0) {
      const name = readKey(r);
      const t = r.byte();
      setProp(meta, name, t === 0xff ? null : readValue(r, t, true, depth));
    }
    Object.defineProperty(row, METADATA, { value: meta, enumerable: false, configurable: true, writable: true });
  }
  return row;
}

// count:varint (type:byte value?)*
function readEmbeddedCollection(r: Reader, result: boolean, depth: number): unknown[] {
  checkDepth(depth);
  let n = count(r);
  const out: unknown[] = [];
  while (n-- > 0) {
    const t = r.byte();
    out.push(t === 0xff ? null : readValue(r, t, result, depth));
  }
  return out;
}

// count:varint (key:string type:byte value?)*
function readEmbeddedMap(r: Reader, result: boolean, depth: number): Record<string, unknown> {
  checkDepth(depth);
  const out: Record<string, unknown> = {};
  readFields(r, out, result, depth);
  return out;
}

// cluster:varint position:varint; (-2, -1) is the null link
function readLink(r: Reader): RecordId | null {
  const cluster = r.varintNumber();
  const position = r.varint();
  if (cluster === -2 && position === -1) return null;
  if (cluster < -32768 || cluster > 32767) throw new ProtocolError(`cluster id ${cluster} out of range`);
  return new RecordId(cluster, position);
}

// count:varint link*
function readLinkCollection(r: Reader): Array<RecordId | null> {
  let n = count(r);
  const out: Array<RecordId | null> = [];
  while (n-- > 0) out.push(readLink(r));
  return out;
}

// count:varint (keyType:byte key link)*   (the server always writes keyType 7 = STRING)
function readLinkMap(r: Reader, result: boolean, depth: number): Record<string, RecordId | null> {
  let n = count(r);
  const out: Record<string, RecordId | null> = {};
  while (n-- > 0) {
    const kt = r.byte();
    const key = kt === 7 ? r.varString() : kt === 0xff ? 'null' : String(readValue(r, kt, result, depth + 1));
    setProp(out, key, readLink(r));
  }
  return out;
}

// scale:int32 length:int32 unscaled:byte[length] (big-endian two's complement)
function readDecimal(r: Reader): Decimal {
  const scale = r.int();
  const bytes = r.bytesField();
  if (bytes === null || bytes.length === 0) throw new ProtocolError('DECIMAL with no unscaled bytes');
  return new Decimal(bytesToBigint(bytes), scale);
}

// uuid:16 bytes, kind:byte; 1 = embedded: size:varint link*;
// 2 = tree: fileId:varint pageIndex:varint pageOffset:varint size:varint changeCount:varint (link type:byte value:varint)*
function readLinkBag(r: Reader): Array<RecordId | null> | TreeLinkBag {
  r.skip(16);
  const kind = r.byte();
  if (kind === 1) return readLinkCollection(r);
  if (kind !== 2) throw new ProtocolError(`unknown link bag kind ${kind}`);
  const fileId = r.varint();
  const pageIndex = r.varint();
  const pageOffset = r.varintNumber();
  const size = r.varintNumber();
  let n = count(r);
  const changes: TreeLinkBagChange[] = [];
  while (n-- > 0) {
    const rid = readLink(r);
    const type = r.int8();
    const value = r.varintNumber();
    if (rid !== null) changes.push({ rid, type, value });
  }
  return new TreeLinkBag({ fileId, pageIndex, pageOffset, size, changes });
}
