// A cursor over bytes received from OrientDB: big-endian fixed-width primitives (OChannelBinary) and
// zigzag varints (OVarIntSerializer). Running out of bytes throws `Incomplete`; malformed bytes throw ProtocolError.
import { FrameTooLargeError, ProtocolError } from '../errors.js';
import type { DateZone } from './date-zone.js';

/** Default per-field size limit, matching the server's `network.binary.maxLength` (16384 KB). */
export const DEFAULT_MAX_FIELD_SIZE = 16 * 1024 * 1024;

/**
 * Thrown when a read would pass the reader's `end`. `needed` is the absolute end offset (in the
 * reader's `bytes`) that must be available before the read can make progress. An internal signal for
 * resumable parsers, not an OrientDBError. A primitive read that throws it leaves `pos` unchanged.
 * Thrown on every partial frame, so it is an Error by prototype only: no stack is captured.
 */
export interface Incomplete extends Error {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: an Error by prototype only (no stack captured), typed as one
export class Incomplete {
  readonly needed: number;
  constructor(needed: number) {
    this.needed = needed;
  }
  get message(): string {
    return `incomplete input: need bytes up to offset ${this.needed}`;
  }
}
Object.setPrototypeOf(Incomplete.prototype, Error.prototype);
Object.defineProperty(Incomplete.prototype, 'name', { value: 'Incomplete', writable: true, configurable: true });

const TWO_32 = 4294967296;
const TWO_48 = 281474976710656;
const TWO_48N = 281474976710656n;

/** The signed value of the zigzag-encoded u = hi * 2^49 + lo (hi < 2^15, lo < 2^49): a number when safe. */
function unzigzag(hi: number, lo: number): number | bigint {
  const sign = lo % 2;
  const halfLo = (lo - sign) / 2;
  if (hi < 32) {
    const half = hi * TWO_48 + halfLo;
    if (sign === 0) return half;
    if (half < Number.MAX_SAFE_INTEGER) return -half - 1;
  }
  const big = BigInt(hi) * TWO_48N + BigInt(halfLo);
  return sign === 0 ? big : -big - 1n;
}
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Decodes UTF-8 from `bytes[start, start+len)`; short strings without the TextDecoder. */
export function decodeUtf8(bytes: Uint8Array, start: number, len: number): string {
  if (len === 0) return '';
  if (len <= 32) {
    const s = decodeShort(bytes, start, start + len);
    if (s !== null) return s;
  }
  return decodeSlow(bytes, start, len);
}

/** Well-formed UTF-8 only; null for anything else (the TextDecoder then decides). */
function decodeShort(b: Uint8Array, i: number, end: number): string | null {
  let s = '';
  while (i < end) {
    const c = b[i]!;
    if (c < 0x80) {
      s += String.fromCharCode(c);
      i++;
    } else if (c >= 0xc2 && c < 0xe0) {
      if (i + 1 >= end) return null;
      const c2 = b[i + 1]!;
      if ((c2 & 0xc0) !== 0x80) return null;
      s += String.fromCharCode(((c & 0x1f) << 6) | (c2 & 0x3f));
      i += 2;
    } else if (c >= 0xe0 && c < 0xf0) {
      if (i + 2 >= end) return null;
      const c2 = b[i + 1]!;
      const c3 = b[i + 2]!;
      if ((c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80) return null;
      const cp = ((c & 0x0f) << 12) | ((c2 & 0x3f) << 6) | (c3 & 0x3f);
      if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) return null;
      s += String.fromCharCode(cp);
      i += 3;
    } else if (c >= 0xf0 && c < 0xf5) {
      if (i + 3 >= end) return null;
      const c2 = b[i + 1]!;
      const c3 = b[i + 2]!;
      const c4 = b[i + 3]!;
      if ((c2 & 0xc0) !== 0x80 || (c3 & 0xc0) !== 0x80 || (c4 & 0xc0) !== 0x80) return null;
      const cp = ((c & 0x07) << 18) | ((c2 & 0x3f) << 12) | ((c3 & 0x3f) << 6) | (c4 & 0x3f);
      if (cp < 0x10000 || cp > 0x10ffff) return null;
      const u = cp - 0x10000;
      s += String.fromCharCode(0xd800 | (u >> 10), 0xdc00 | (u & 0x3ff));
      i += 4;
    } else {
      return null;
    }
  }
  return s;
}

function decodeSlow(bytes: Uint8Array, start: number, len: number): string {
  try {
    return decoder.decode(bytes.subarray(start, start + len));
  } catch (cause) {
    throw new ProtocolError('invalid UTF-8 in a string field', { cause });
  }
}

/**
 * A copy of `bytes[from, to)` in a fresh, plain Uint8Array (never a view, even when `bytes` is a Node
 * Buffer, whose slice() is a view), so decoded values never pin or alias the network buffer.
 */
export function copyBytes(bytes: Uint8Array, from = 0, to = bytes.length): Uint8Array {
  const out = new Uint8Array(to - from);
  out.set(bytes.subarray(from, to));
  return out;
}

export class Reader {
  pos: number;
  readonly bytes: Uint8Array;
  /** End of the readable bytes (exclusive). Only `limit` changes it, for decoding a length-prefixed part. */
  readonly end: number;
  /** Largest string/bytes field accepted; a larger declared length throws FrameTooLargeError. */
  maxFieldSize: number = DEFAULT_MAX_FIELD_SIZE;
  /** The database's time zone, in which a DATE is 00:00 of its day; undefined (no database known): UTC. */
  dateZone: DateZone | undefined;
  readonly #view: DataView;

  constructor(bytes: Uint8Array, offset = 0, end = bytes.length) {
    if (offset < 0 || end > bytes.length || offset > end) throw new RangeError('Reader: offset/end outside the bytes');
    this.bytes = bytes;
    this.pos = offset;
    this.end = end;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  remaining(): number {
    return this.end - this.pos;
  }

  /**
   * Moves `end` (within the bytes) and returns the previous end, so that a length-prefixed part can be
   * decoded in place and the end restored afterwards.
   */
  limit(end: number): number {
    if (end < this.pos || end > this.bytes.length) throw new RangeError('Reader.limit: end outside the bytes');
    const prev = this.end;
    (this as { end: number }).end = end;
    return prev;
  }

  #need(n: number): number {
    const p = this.pos;
    if (p + n > this.end) throw new Incomplete(p + n);
    return p;
  }

  skip(n: number): void {
    if (n < 0) throw new ProtocolError(`negative skip ${n}`);
    this.pos = this.#need(n) + n;
  }

  byte(): number {
    const p = this.pos;
    if (p >= this.end) throw new Incomplete(p + 1);
    this.pos = p + 1;
    return this.bytes[p]!;
  }

  int8(): number {
    return (this.byte() << 24) >> 24;
  }

  bool(): boolean {
    return this.byte() !== 0;
  }

  short(): number {
    const p = this.#need(2);
    this.pos = p + 2;
    return this.#view.getInt16(p);
  }

  int(): number {
    const p = this.#need(4);
    this.pos = p + 4;
    return this.#view.getInt32(p);
  }

  /** int64 BE; a number when |v| <= 2^53-1, else a bigint. */
  long(): number | bigint {
    const p = this.#need(8);
    const hi = this.#view.getInt32(p);
    if (hi >= -2097152 && hi < 2097152) {
      const v = hi * TWO_32 + this.#view.getUint32(p + 4);
      if (Number.isSafeInteger(v)) {
        this.pos = p + 8;
        return v;
      }
    }
    this.pos = p + 8;
    return this.#view.getBigInt64(p);
  }

  longBig(): bigint {
    const p = this.#need(8);
    this.pos = p + 8;
    return this.#view.getBigInt64(p);
  }

  float(): number {
    const p = this.#need(4);
    this.pos = p + 4;
    return this.#view.getFloat32(p);
  }

  double(): number {
    const p = this.#need(8);
    this.pos = p + 8;
    return this.#view.getFloat64(p);
  }

  /** A field's length against maxFieldSize: a bigger one is refused before anything is allocated for it. */
  #checkSize(len: number): void {
    if (len > this.maxFieldSize)
      throw new FrameTooLargeError(`field of ${len} bytes exceeds the limit of ${this.maxFieldSize}`);
  }

  /** Reads an int32 length at pos without consuming; validates it; returns it (-1 = null). */
  #int32Length(): number {
    const p = this.#need(4);
    const len = this.#view.getInt32(p);
    if (len < -1) throw new ProtocolError(`negative field length ${len}`);
    this.#checkSize(len);
    if (len > 0 && p + 4 + len > this.end) throw new Incomplete(p + 4 + len);
    return len;
  }

  /** int32 length + UTF-8; length -1 = null. */
  string(): string | null {
    const len = this.#int32Length();
    const start = this.pos + 4;
    if (len === -1) {
      this.pos = start;
      return null;
    }
    const s = decodeUtf8(this.bytes, start, len);
    this.pos = start + len;
    return s;
  }

  /** int32 length + raw bytes; length -1 = null. Returns a view into `bytes` (no copy). */
  bytesField(): Uint8Array | null {
    const len = this.#int32Length();
    const start = this.pos + 4;
    this.pos = start;
    if (len === -1) return null;
    this.pos = start + len;
    return this.bytes.subarray(start, start + len);
  }

  /** Zigzag + LEB128 (7 bits a byte, low group first, high bit = more); at most 10 bytes. A number when safe. */
  varint(): number | bigint {
    const b = this.bytes;
    const start = this.pos;
    const end = this.end;
    if (start >= end) throw new Incomplete(start + 1);
    const first = b[start]!;
    if (first < 0x80) {
      this.pos = start + 1;
      return (first >>> 1) ^ -(first & 1);
    }
    let p = start;
    let lo = 0;
    let mul = 1;
    for (let i = 0; i < 7; i++) {
      if (p >= end) throw new Incomplete(p + 1);
      const c = b[p++]!;
      lo += (c & 0x7f) * mul;
      if (c < 0x80) {
        this.pos = p;
        return lo % 2 === 0 ? lo / 2 : -(lo + 1) / 2;
      }
      mul *= 128;
    }
    let hi = 0;
    mul = 1;
    for (let i = 0; i < 3; i++) {
      if (p >= end) throw new Incomplete(p + 1);
      const c = b[p++]!;
      hi += (i === 2 ? c & 1 : c & 0x7f) * mul;
      if (c < 0x80) {
        this.pos = p;
        return unzigzag(hi, lo);
      }
      mul *= 128;
    }
    throw new ProtocolError('varint longer than 10 bytes');
  }

  /** A varint that must be a safe integer (lengths, counts, cluster ids). */
  varintNumber(): number {
    const start = this.pos;
    const v = this.varint();
    if (typeof v !== 'number') {
      this.pos = start;
      throw new ProtocolError(`varint ${v} is outside the safe integer range`);
    }
    return v;
  }

  /** Reads a varint length at pos without consuming it; returns [length, payload start]. */
  #varLength(): number {
    const start = this.pos;
    const len = this.varintNumber();
    const dataStart = this.pos;
    this.pos = start;
    if (len < 0) throw new ProtocolError(`negative length ${len}`);
    this.#checkSize(len);
    if (dataStart + len > this.end) throw new Incomplete(dataStart + len);
    this.pos = dataStart;
    return len;
  }

  /** varint length + UTF-8. */
  varString(): string {
    const start = this.pos;
    if (start < this.end) {
      const first = this.bytes[start]!;
      if (first < 0x80 && (first & 1) === 0) {
        const len = first >>> 1;
        const p = start + 1;
        this.#checkSize(len);
        if (p + len > this.end) throw new Incomplete(p + len);
        const s = decodeUtf8(this.bytes, p, len);
        this.pos = p + len;
        return s;
      }
    }
    const len = this.#varLength();
    const p = this.pos;
    try {
      const s = decodeUtf8(this.bytes, p, len);
      this.pos = p + len;
      return s;
    } catch (e) {
      this.pos = start;
      throw e;
    }
  }

  /** varint length + raw bytes, as a view into `bytes`. */
  varBytes(): Uint8Array {
    const len = this.#varLength();
    const p = this.pos;
    this.pos = p + len;
    return this.bytes.subarray(p, p + len);
  }

  /** A view of the next n bytes. */
  raw(n: number): Uint8Array {
    if (n < 0) throw new ProtocolError(`negative length ${n}`);
    const p = this.#need(n);
    this.pos = p + n;
    return this.bytes.subarray(p, p + n);
  }
}
