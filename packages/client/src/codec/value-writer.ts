// Encodes JS values as onet_ser_v37 values (ORecordSerializerNetworkV37.serializeValue): type inference
// for untyped values, explicit types via Typed, and every OType's payload.
import { InvalidArgumentError, TimeZoneError } from '../errors.js';
import { DateZone } from './date-zone.js';
import { Decimal, bigintToBytes } from './decimal.js';
import { TreeLinkBag } from './link-bag.js';
import { RecordId } from './record-id.js';
import { Typed } from './typed.js';
import { NULL_TYPE, OType } from './types.js';
import { MAX_NESTING_DEPTH } from './value-reader.js';
import type { Writer } from './writer.js';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const TWO_63 = 2 ** 63;
const MS_PER_DAY = 86400000;
const MAX_DATE_MS = 8.64e15;
const NULL_UUID = new Uint8Array(16).fill(0xff);

function allRecordIds(items: Iterable<unknown>): boolean {
  let any = false;
  for (const x of items) {
    if (!(x instanceof RecordId)) return false;
    any = true;
  }
  return any;
}

/** The OType used for a JS value written without explicit typing; -1 for null/undefined. */
function inferType(value: unknown): number {
  switch (typeof value) {
    case 'undefined':
      return NULL_TYPE;
    case 'boolean':
      return OType.BOOLEAN;
    case 'string':
      return OType.STRING;
    case 'bigint':
      return OType.LONG;
    case 'number':
      if (Number.isInteger(value) && !Object.is(value, -0)) {
        if (value >= INT32_MIN && value <= INT32_MAX) return OType.INTEGER;
        if (Math.abs(value) < TWO_63) return OType.LONG;
      }
      return OType.DOUBLE;
    case 'object': {
      if (value === null) return NULL_TYPE;
      if (value instanceof Typed) return value.type;
      if (value instanceof RecordId) return OType.LINK;
      if (value instanceof Date) return OType.DATETIME;
      if (value instanceof Uint8Array || value instanceof ArrayBuffer) return OType.BINARY;
      if (value instanceof Decimal) return OType.DECIMAL;
      if (value instanceof TreeLinkBag) return OType.LINKBAG;
      if (Array.isArray(value)) return allRecordIds(value) ? OType.LINKLIST : OType.EMBEDDEDLIST;
      if (value instanceof Set) return allRecordIds(value) ? OType.LINKSET : OType.EMBEDDEDSET;
      if (value instanceof Map) return OType.EMBEDDEDMAP;
      const o = value as Record<string, unknown>;
      if (typeof o['@class'] === 'string') return OType.EMBEDDED;
      if (o['@rid'] instanceof RecordId && !(o['@rid'] as RecordId).isTemporary) return OType.LINK;
      return OType.EMBEDDEDMAP;
    }
    default:
      throw new InvalidArgumentError(`cannot encode a ${typeof value} as an OrientDB value`);
  }
}

function fail(type: number, value: unknown, why: string): never {
  const shown =
    typeof value === 'bigint'
      ? `${value}n`
      : typeof value === 'object'
        ? Object.prototype.toString.call(value)
        : String(value);
  throw new InvalidArgumentError(`cannot encode ${shown} as OType ${type}: ${why}`);
}

/** type:byte (-1 = null) then the value; a Typed value brings its own type, else `itemType` or inference. */
function writeTypedValue(w: Writer, value: unknown, depth: number, itemType?: number): void {
  if (value instanceof Typed) {
    w.byte(value.type);
    writeValue(w, value.type, value.value, depth, value);
    return;
  }
  if (value === null || value === undefined) {
    w.byte(0xff);
    return;
  }
  // An item type of -1 (or any other unknown id) is writeValue's error, never a null in the value's place.
  const type = itemType ?? inferType(value);
  w.byte(type);
  writeValue(w, type, value, depth);
}

function integerIn(type: number, v: unknown, min: number, max: number): number {
  if (typeof v === 'bigint' && v >= BigInt(min) && v <= BigInt(max)) return Number(v);
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    fail(type, v, `not an integer in [${min}, ${max}]`);
  return v;
}

function longOf(v: unknown): number | bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'number' && Number.isInteger(v)) return Number.isSafeInteger(v) ? v : BigInt(v);
  return fail(OType.LONG, v, 'not an integer');
}

function msOf(type: number, v: unknown): number | bigint {
  if (v instanceof Date) {
    const ms = v.getTime();
    if (Number.isNaN(ms)) fail(type, v, 'invalid Date');
    return ms;
  }
  if (typeof v === 'bigint' || (typeof v === 'number' && Number.isInteger(v))) return v;
  return fail(type, v, 'not a Date or integer ms');
}

/** Writes the payload of `value` as OType `type` (no type byte). */
export function writeValue(w: Writer, type: number, value: unknown, depth: number, typed?: Typed): void {
  switch (type) {
    case OType.BOOLEAN:
      if (typeof value !== 'boolean') fail(type, value, 'not a boolean');
      w.byte(value ? 1 : 0);
      return;
    case OType.INTEGER:
      w.varint(integerIn(type, value, INT32_MIN, INT32_MAX));
      return;
    case OType.SHORT:
      w.varint(integerIn(type, value, -32768, 32767));
      return;
    case OType.BYTE:
      w.byte(integerIn(type, value, -128, 255) & 0xff);
      return;
    case OType.LONG:
      w.varint(longOf(value));
      return;
    case OType.FLOAT:
      if (typeof value !== 'number') fail(type, value, 'not a number');
      w.float(value);
      return;
    case OType.DOUBLE:
      if (typeof value !== 'number') fail(type, value, 'not a number');
      w.double(value);
      return;
    case OType.DATETIME:
      w.varint(msOf(type, value));
      return;
    case OType.DATE:
      writeDate(w, value);
      return;
    case OType.STRING:
      if (typeof value === 'string') w.varString(value);
      else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean')
        w.varString(String(value));
      else fail(type, value, 'not a string');
      return;
    case OType.BINARY:
      if (value instanceof Uint8Array) w.varBytes(value);
      else if (value instanceof ArrayBuffer) w.varBytes(new Uint8Array(value));
      else fail(type, value, 'not a Uint8Array');
      return;
    case OType.EMBEDDED:
      writeEmbedded(w, value, typed, depth + 1);
      return;
    case OType.EMBEDDEDLIST:
    case OType.EMBEDDEDSET:
      writeEmbeddedList(w, type, value, typed, depth + 1);
      return;
    case OType.EMBEDDEDMAP:
      writeEmbeddedMap(w, value, typed, depth + 1);
      return;
    case OType.LINK:
      writeLink(w, value, type);
      return;
    case OType.LINKLIST:
    case OType.LINKSET:
      writeLinks(w, type, value);
      return;
    case OType.LINKMAP:
      writeLinkMap(w, value);
      return;
    case OType.DECIMAL:
      writeDecimal(w, value);
      return;
    case OType.LINKBAG:
      writeLinkBag(w, value);
      return;
    case OType.CUSTOM:
      writeCustom(w, value);
      return;
    case OType.TRANSIENT:
    case OType.ANY:
      return;
    default:
      throw new InvalidArgumentError(`unknown OType id ${type}`);
  }
}

const DATE_ONLY = /^(\d{4,})-(\d{2})-(\d{2})$/;

/** The day number (days after 1970-01-01) of a 'YYYY-MM-DD' calendar date; InvalidArgumentError for anything else. */
function dayNumber(text: string): number {
  const m = DATE_ONLY.exec(text);
  const day = new Date(0);
  if (m) day.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!m || day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3]))
    throw new InvalidArgumentError(`not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  return day.getTime() / 86_400_000;
}

// DATE: varint days since 1970-01-01. A 'YYYY-MM-DD' (Types.date) is that day; a Date or ms is the day it
// falls on in the database's time zone (w.dateZone; UTC when no database is known), as OrientDB's own
// clients write it, so a DATE read back (00:00 there) writes back as the same day.
function writeDate(w: Writer, value: unknown): void {
  if (typeof value === 'string') {
    w.varint(dayNumber(value));
    return;
  }
  const ms = msOf(OType.DATE, value);
  if (typeof ms === 'number' && Math.abs(ms) <= MAX_DATE_MS) {
    w.varint(w.dateZone ? dayIn(w.dateZone, ms) : Math.floor(ms / MS_PER_DAY));
    return;
  }
  const day = BigInt(MS_PER_DAY);
  const big = BigInt(ms);
  w.varint(big / day - (big < 0n && big % day !== 0n ? 1n : 0n));
}

/** The day `ms` falls on in `zone`, which cannot be a session's zone not learned yet. */
function dayIn(zone: DateZone, ms: number): number {
  if (zone === DateZone.NOT_LEARNED)
    throw new TimeZoneError(
      "a Date written as a DATE is the day it falls on in the database's time zone, which the client learns on the " +
        "session's first call; make a call first, or give the day as 'YYYY-MM-DD'",
    );
  return zone.dayOf(ms);
}

// EMBEDDED: a nested document (class name from Types.embedded, else the object's '@class')
function writeEmbedded(w: Writer, value: unknown, typed: Typed | undefined, depth: number): void {
  if (typeof value !== 'object' || value === null) fail(OType.EMBEDDED, value, 'not an object');
  const cls = typed?.className ?? (value as Record<string, unknown>)['@class'];
  writeDocumentBody(w, value as Record<string, unknown>, typeof cls === 'string' ? cls : '', depth);
}

// EMBEDDEDLIST / EMBEDDEDSET: count:varint (type:byte value?)*
function writeEmbeddedList(w: Writer, type: number, value: unknown, typed: Typed | undefined, depth: number): void {
  const items = listOf(type, value);
  if (depth > MAX_NESTING_DEPTH) tooDeep();
  const itemType = typed?.itemType;
  w.varint(items.length);
  for (let i = 0; i < items.length; i++) writeTypedValue(w, items[i], depth, itemType);
}

// EMBEDDEDMAP: count:varint (key:string type:byte value?)*
function writeEmbeddedMap(w: Writer, value: unknown, typed: Typed | undefined, depth: number): void {
  const entries = entriesOf(OType.EMBEDDEDMAP, value);
  if (depth > MAX_NESTING_DEPTH) tooDeep();
  const itemType = typed?.itemType;
  w.varint(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!;
    w.varString(e[0]);
    writeTypedValue(w, e[1], depth, itemType);
  }
}

// LINKLIST / LINKSET: count:varint link*
function writeLinks(w: Writer, type: number, value: unknown): void {
  const items = listOf(type, value);
  w.varint(items.length);
  for (const item of items) writeLink(w, item, type);
}

// LINKMAP: count:varint (keyType:byte = 7, key:string, link)*
function writeLinkMap(w: Writer, value: unknown): void {
  const entries = entriesOf(OType.LINKMAP, value);
  w.varint(entries.length);
  for (const [k, v] of entries) {
    w.byte(OType.STRING).varString(k);
    writeLink(w, v, OType.LINKMAP);
  }
}

// DECIMAL: scale:int32 length:int32 unscaled:byte[length] (big-endian two's complement, minimal)
function writeDecimal(w: Writer, value: unknown): void {
  let d: Decimal;
  try {
    d = Decimal.from(value as Decimal);
  } catch {
    fail(OType.DECIMAL, value, 'not a decimal');
  }
  w.int(d.scale).bytesField(bigintToBytes(d.unscaled));
}

// CUSTOM: className:string bytes:varint length + raw
function writeCustom(w: Writer, value: unknown): void {
  const c = value as { className?: unknown; bytes?: unknown };
  if (typeof c !== 'object' || c === null || typeof c.className !== 'string' || !(c.bytes instanceof Uint8Array)) {
    fail(OType.CUSTOM, value, 'CUSTOM needs { className: string, bytes: Uint8Array }');
  }
  w.varString(c.className).varBytes(c.bytes);
}

function tooDeep(): never {
  throw new InvalidArgumentError(`values nested deeper than ${MAX_NESTING_DEPTH} levels (or cyclic)`);
}

function listOf(type: number, value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (value !== null && typeof value === 'object' && Symbol.iterator in value && !(value instanceof Map))
    return Array.from(value as Iterable<unknown>);
  return fail(type, value, 'not an array or iterable');
}

function entriesOf(type: number, value: unknown): Array<[string, unknown]> {
  if (value instanceof Map) return Array.from(value, ([k, v]) => [String(k), v] as [string, unknown]);
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return fail(type, value, 'not an object or Map');
  const out: Array<[string, unknown]> = [];
  for (const k of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[k];
    if (v !== undefined) out.push([k, v]);
  }
  return out;
}

// cluster:varint position:varint; null is (-2, -1)
function writeLink(w: Writer, value: unknown, type: number): void {
  if (value === null || value === undefined) {
    w.varint(-2).varint(-1);
    return;
  }
  let rid: RecordId;
  if (value instanceof RecordId) rid = value;
  else if (typeof value === 'string') rid = RecordId.parse(value);
  else if (typeof value === 'object' && (value as Record<string, unknown>)['@rid'] instanceof RecordId)
    rid = (value as Record<string, RecordId>)['@rid']!;
  else fail(type, value, 'not a RecordId');
  w.varint(rid.cluster).varint(rid.position);
}

// uuid:16 bytes (-1/-1 = none) kind:byte; 1: size:varint link*; 2: fileId pageIndex pageOffset size changeCount (link type:byte value)*
function writeLinkBag(w: Writer, value: unknown): void {
  w.raw(NULL_UUID);
  if (value instanceof TreeLinkBag) {
    w.byte(2).varint(value.fileId).varint(value.pageIndex).varint(value.pageOffset).varint(value.size);
    w.varint(value.changes.length);
    for (const c of value.changes) {
      writeLink(w, c.rid, OType.LINKBAG);
      w.byte(c.type & 0xff).varint(c.value);
    }
    return;
  }
  const items = listOf(OType.LINKBAG, value);
  w.byte(1).varint(items.length);
  for (const item of items) writeLink(w, item, OType.LINKBAG);
}

/** True for a document key that is a record attribute ('@rid', '@class', ...) rather than a field. */
function isAttribute(key: string): boolean {
  return key.charCodeAt(0) === 64; // '@'
}

// className:string fieldCount:varint (name:string type:byte value?)*
// Keys starting with '@' are record attributes and are not written; undefined values are skipped.
export function writeDocumentBody(w: Writer, doc: Record<string, unknown>, className: string, depth: number): void {
  if (depth > MAX_NESTING_DEPTH) tooDeep();
  if (doc === null || typeof doc !== 'object') throw new InvalidArgumentError('a document must be an object');
  w.varString(className);
  const all = Object.keys(doc);
  const keys: string[] = [];
  for (let i = 0; i < all.length; i++) {
    const k = all[i]!;
    if (!isAttribute(k) && doc[k] !== undefined) keys.push(k);
  }
  w.varint(keys.length);
  for (let i = 0; i < keys.length; i++) {
    w.varString(keys[i]!);
    writeTypedValue(w, doc[keys[i]!], depth);
  }
}
