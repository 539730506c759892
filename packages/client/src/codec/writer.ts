// A growable byte buffer for outgoing OrientDB bytes: big-endian fixed-width primitives (OChannelBinary),
// zigzag varints (OVarIntSerializer), and int32 slots that are back-patched once a length is known.
import { InvalidArgumentError } from '../errors.js';
import type { DateZone } from './date-zone.js';

const encoder = new TextEncoder();
const TWO_32 = 4294967296;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

function checkLong(n: number | bigint): void {
  if (typeof n === 'bigint') {
    if (n < INT64_MIN || n > INT64_MAX) throw new InvalidArgumentError(`${n} does not fit in a 64-bit integer`);
  } else if (!Number.isSafeInteger(n)) {
    throw new InvalidArgumentError(`${n} is not a safe integer; pass a bigint for values beyond 2^53-1`);
  }
}

/** Number of bytes of the varint of an unsigned value < 2^53. */
function unsignedVarintSize(u: number): number {
  let size = 1;
  while (u >= 128) {
    u = Math.floor(u / 128);
    size++;
  }
  return size;
}

/** A buffer a Writer borrows until finish(); buffers of this size are reused instead of allocated per message. */
interface Scratch {
  bytes: Uint8Array;
  view: DataView;
}
const SCRATCH_SIZE = 8192;
const MAX_FREE_SCRATCH = 4;
const freeScratch: Scratch[] = [];

function borrowScratch(): Scratch {
  const s = freeScratch.pop();
  if (s) return s;
  const bytes = new Uint8Array(SCRATCH_SIZE);
  return { bytes, view: new DataView(bytes.buffer) };
}

function returnScratch(s: Scratch): void {
  if (freeScratch.length < MAX_FREE_SCRATCH) freeScratch.push(s);
}

/**
 * Small finished outputs are carved from a shared slab (never handed out twice), as Node's Buffer
 * pool does: a view is far cheaper than a fresh ArrayBuffer. A live output keeps its slab alive.
 */
const SLAB_SIZE = 16384;
const SLAB_MAX_PIECE = 2048;
let slab = new Uint8Array(0);
let slabUsed = 0;

function carve(n: number): Uint8Array {
  if (n > SLAB_MAX_PIECE) return new Uint8Array(n);
  if (slabUsed + n > slab.length) {
    slab = new Uint8Array(SLAB_SIZE);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += (n + 7) & ~7;
  return out;
}

export class Writer {
  /** The database's time zone, in which a Date written as a DATE is placed on its day; undefined: not known yet. */
  dateZone: DateZone | undefined;
  #buf: Uint8Array;
  #view: DataView | undefined;
  #pos = 0;
  /** The borrowed buffer #buf is, until finish() or growth. */
  #scratch: Scratch | undefined;

  constructor(initialSize = 256) {
    if (initialSize <= SCRATCH_SIZE) {
      const s = borrowScratch();
      this.#scratch = s;
      this.#buf = s.bytes;
      this.#view = s.view;
    } else {
      this.#buf = new Uint8Array(initialSize);
      this.#view = new DataView(this.#buf.buffer);
    }
  }

  get length(): number {
    return this.#pos;
  }

  #dv(): DataView {
    this.#view ??= new DataView(this.#buf.buffer, this.#buf.byteOffset, this.#buf.byteLength);
    return this.#view;
  }

  #ensure(n: number): number {
    const p = this.#pos;
    const need = p + n;
    if (need > this.#buf.length) {
      let size = this.#buf.length * 2;
      while (size < need) size *= 2;
      const next = new Uint8Array(size);
      next.set(this.#buf.subarray(0, p));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
      this.#release();
    }
    return p;
  }

  byte(n: number): this {
    const p = this.#ensure(1);
    this.#buf[p] = n;
    this.#pos = p + 1;
    return this;
  }

  bool(b: boolean): this {
    return this.byte(b ? 1 : 0);
  }

  short(n: number): this {
    const p = this.#ensure(2);
    this.#dv().setInt16(p, n);
    this.#pos = p + 2;
    return this;
  }

  int(n: number): this {
    const p = this.#ensure(4);
    this.#dv().setInt32(p, n);
    this.#pos = p + 4;
    return this;
  }

  /** int64 BE; a number must be a safe integer, a bigint must fit in int64. */
  long(n: number | bigint): this {
    checkLong(n);
    const p = this.#ensure(8);
    if (typeof n === 'bigint') {
      this.#dv().setBigInt64(p, n);
    } else {
      const hi = Math.floor(n / TWO_32);
      this.#dv().setInt32(p, hi);
      this.#dv().setUint32(p + 4, n - hi * TWO_32);
    }
    this.#pos = p + 8;
    return this;
  }

  float(n: number): this {
    const p = this.#ensure(4);
    this.#dv().setFloat32(p, n);
    this.#pos = p + 4;
    return this;
  }

  double(n: number): this {
    const p = this.#ensure(8);
    this.#dv().setFloat64(p, n);
    this.#pos = p + 8;
    return this;
  }

  /** int32 byte length + UTF-8; null is length -1. */
  string(s: string | null): this {
    if (s === null) return this.int(-1);
    const slot = this.reserveInt();
    const n = this.#utf8(s);
    this.patchInt(slot, n);
    return this;
  }

  /** int32 length + raw bytes; null is length -1. */
  bytesField(b: Uint8Array | null): this {
    if (b === null) return this.int(-1);
    this.int(b.length);
    return this.raw(b);
  }

  /** Zigzag + LEB128. A number must be a safe integer; a bigint must fit in int64. */
  varint(n: number | bigint): this {
    if (typeof n === 'number' && n >= -0x40000000 && n < 0x40000000 && (n | 0) === n) {
      let z = ((n << 1) ^ (n >> 31)) >>> 0;
      const p = this.#ensure(5);
      let i = p;
      const b = this.#buf;
      while (z >= 0x80) {
        b[i++] = (z & 0x7f) | 0x80;
        z >>>= 7;
      }
      b[i++] = z;
      this.#pos = i;
      return this;
    }
    checkLong(n);
    if (typeof n === 'number' && n > -4503599627370496) {
      let z = n >= 0 ? n * 2 : -n * 2 - 1;
      const p = this.#ensure(8);
      let i = p;
      const b = this.#buf;
      while (z >= 128) {
        b[i++] = (z % 128) | 0x80;
        z = Math.floor(z / 128);
      }
      b[i++] = z;
      this.#pos = i;
      return this;
    }
    const v = BigInt(n);
    const z = BigInt.asUintN(64, (v << 1n) ^ (v >> 63n));
    let lo = Number(z & 0x1ffffffffffffn);
    let hi = Number(z >> 49n);
    const p = this.#ensure(10);
    let i = p;
    const b = this.#buf;
    if (hi === 0) {
      while (lo >= 128) {
        b[i++] = (lo % 128) | 0x80;
        lo = Math.floor(lo / 128);
      }
      b[i++] = lo;
    } else {
      for (let k = 0; k < 7; k++) {
        b[i++] = (lo % 128) | 0x80;
        lo = Math.floor(lo / 128);
      }
      while (hi >= 128) {
        b[i++] = (hi & 0x7f) | 0x80;
        hi >>>= 7;
      }
      b[i++] = hi;
    }
    this.#pos = i;
    return this;
  }

  /** varint byte length + UTF-8. */
  varString(s: string): this {
    const len = s.length;
    if (len < 64) {
      const p = this.#ensure(len + 1);
      const b = this.#buf;
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        b[p + 1 + i] = c;
      }
      if (i === len) {
        b[p] = len << 1;
        this.#pos = p + 1 + len;
        return this;
      }
    }
    const max = len * 3;
    const prefix = unsignedVarintSize(max * 2);
    const p = this.#ensure(prefix + max);
    const written = encoder.encodeInto(s, this.#buf.subarray(p + prefix)).written;
    const actual = unsignedVarintSize(written * 2);
    if (actual !== prefix) this.#buf.copyWithin(p + actual, p + prefix, p + prefix + written);
    const b = this.#buf;
    let z = written * 2;
    let i = p;
    while (z >= 128) {
      b[i++] = (z % 128) | 0x80;
      z = Math.floor(z / 128);
    }
    b[i] = z;
    this.#pos = p + actual + written;
    return this;
  }

  /** varint length + raw bytes. */
  varBytes(b: Uint8Array): this {
    this.varint(b.length);
    return this.raw(b);
  }

  raw(b: Uint8Array): this {
    const p = this.#ensure(b.length);
    this.#buf.set(b, p);
    this.#pos = p + b.length;
    return this;
  }

  /** Writes UTF-8 at the end and returns its byte count. */
  #utf8(s: string): number {
    const p = this.#ensure(s.length * 3);
    const n = encoder.encodeInto(s, this.#buf.subarray(p)).written;
    this.#pos = p + n;
    return n;
  }

  /** Reserves an int32 slot and returns its offset, for `patchInt`. */
  reserveInt(): number {
    const p = this.#ensure(4);
    this.#pos = p + 4;
    return p;
  }

  patchInt(offset: number, value: number): void {
    if (offset < 0 || offset + 4 > this.#pos)
      throw new RangeError(`patchInt: offset ${offset} outside the written bytes`);
    this.#dv().setInt32(offset, value);
  }

  /**
   * The bytes written so far, in a buffer of their own the Writer then keeps writing into (a borrowed
   * buffer is copied out and given back). Later writes append past its end and never change it,
   * except `patchInt` on an offset inside it.
   */
  finish(): Uint8Array {
    if (!this.#scratch) return this.#buf.subarray(0, this.#pos);
    const out = carve(this.#pos);
    out.set(this.#buf.subarray(0, this.#pos));
    this.#buf = out;
    this.#view = undefined;
    this.#release();
    return out;
  }

  #release(): void {
    const s = this.#scratch;
    if (!s) return;
    this.#scratch = undefined;
    returnScratch(s);
  }
}
