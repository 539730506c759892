// A strict msgpack subset for the bridge's hello and welcome: nil, bool, integers up to 32 bits,
// float64 (float32 on decode), strings, binary, arrays and string-keyed maps. Anything else is a ProtocolError.
import { ProtocolError } from '../errors.js';

export type MsgpackValue =
  | null
  | boolean
  | number
  | string
  | Uint8Array
  | MsgpackValue[]
  | { [key: string]: MsgpackValue };

/** Nesting deeper than this (arrays and maps) is refused on decode and encode. */
const MAX_DEPTH = 32;

const fail = (why: string): never => {
  throw new ProtocolError(`msgpack: ${why}`);
};

/**
 * The smallest form of each value, as msgpack's preferred serialization:
 *   nil c0 | false c2 | true c3
 *   int: 00-7f | e0-ff (-32..-1) | cc u8 | cd u16 | ce u32 | d0 i8 | d1 i16 | d2 i32; other numbers cb f64
 *   str: a0-bf (len < 32) | d9 u8 | da u16 | db u32, then UTF-8 bytes
 *   bin: c4 u8 | c5 u16 | c6 u32, then the bytes
 *   array: 90-9f (n < 16) | dc u16 | dd u32, then n values
 *   map: 80-8f (n < 16) | de u16 | df u32, then n (str key, value) pairs in Object.keys order
 * All multi-byte integers and floats big-endian.
 */
export function encodeMsgpack(value: MsgpackValue): Uint8Array {
  const out: number[] = [];
  const be = (marker: number, n: number, size: number): void => {
    out.push(marker);
    for (let shift = (size - 1) * 8; shift >= 0; shift -= 8) out.push(Math.floor(n / 2 ** shift) & 0xff);
  };
  const head = (n: number, fix: number, limit: number, m16: number): void => {
    if (n < limit) out.push(fix | n);
    else if (n < 0x10000) be(m16, n, 2);
    else be(m16 + 1, n, 4);
  };
  const put = (v: MsgpackValue, depth: number): void => {
    if (v === null) out.push(0xc0);
    else if (typeof v === 'boolean') out.push(v ? 0xc3 : 0xc2);
    else if (typeof v === 'number') {
      if (v >>> 0 === v) {
        if (v < 0x80) out.push(v);
        else be(v < 0x100 ? 0xcc : v < 0x10000 ? 0xcd : 0xce, v, v < 0x100 ? 1 : v < 0x10000 ? 2 : 4);
      } else if (v >> 0 === v) {
        if (v >= -0x20) out.push(v & 0xff);
        else be(v >= -0x80 ? 0xd0 : v >= -0x8000 ? 0xd1 : 0xd2, v >>> 0, v >= -0x80 ? 1 : v >= -0x8000 ? 2 : 4);
      } else {
        const f = new Uint8Array(8);
        new DataView(f.buffer).setFloat64(0, v);
        out.push(0xcb, ...f);
      }
    } else if (typeof v === 'string') {
      const utf8 = new TextEncoder().encode(v);
      if (utf8.length < 0x20) out.push(0xa0 | utf8.length);
      else if (utf8.length < 0x100) out.push(0xd9, utf8.length);
      else head(utf8.length, 0, 0, 0xda);
      for (const b of utf8) out.push(b);
    } else if (v instanceof Uint8Array) {
      if (v.length < 0x100) out.push(0xc4, v.length);
      else be(v.length < 0x10000 ? 0xc5 : 0xc6, v.length, v.length < 0x10000 ? 2 : 4);
      for (const b of v) out.push(b);
    } else if (depth >= MAX_DEPTH) fail('nested too deep');
    else if (Array.isArray(v)) {
      head(v.length, 0x90, 0x10, 0xdc);
      for (const item of v) put(item, depth + 1);
    } else if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      const keys = Object.keys(v);
      head(keys.length, 0x80, 0x10, 0xde);
      for (const key of keys) {
        put(key, depth);
        put(v[key]!, depth + 1);
      }
    } else fail(`cannot encode ${typeof v}`);
  };
  put(value, 0);
  return new Uint8Array(out);
}

/** Decodes exactly one value filling `bytes` (layouts as above, plus ca f32); trailing bytes are an error. */
export function decodeMsgpack(bytes: Uint8Array): MsgpackValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let pos = 0;
  const take = (n: number): number => {
    if (n > bytes.length - pos) fail(`truncated at byte ${pos}`);
    const at = pos;
    pos += n;
    return at;
  };
  const uint = (size: number): number => {
    const at = take(size);
    return size === 1 ? bytes[at]! : size === 2 ? view.getUint16(at) : view.getUint32(at);
  };
  const str = (len: number): string => {
    const at = take(len);
    try {
      return utf8.decode(bytes.subarray(at, at + len));
    } catch {
      return fail(`invalid UTF-8 at byte ${at}`);
    }
  };
  const read = (depth: number): MsgpackValue => {
    const at = take(1);
    const m = bytes[at]!;
    if (m < 0x80) return m;
    if (m >= 0xe0) return m - 0x100;
    if (m >= 0xa0 && m <= 0xbf) return str(m & 0x1f);
    switch (m) {
      case 0xc0:
        return null;
      case 0xc2:
        return false;
      case 0xc3:
        return true;
      case 0xc4:
      case 0xc5:
      case 0xc6: {
        const len = uint(m === 0xc4 ? 1 : m === 0xc5 ? 2 : 4);
        const from = take(len);
        return bytes.slice(from, from + len);
      }
      case 0xca:
        return view.getFloat32(take(4));
      case 0xcb:
        return view.getFloat64(take(8));
      case 0xcc:
        return uint(1);
      case 0xcd:
        return uint(2);
      case 0xce:
        return uint(4);
      case 0xd0:
        return view.getInt8(take(1));
      case 0xd1:
        return view.getInt16(take(2));
      case 0xd2:
        return view.getInt32(take(4));
      case 0xd9:
        return str(uint(1));
      case 0xda:
        return str(uint(2));
      case 0xdb:
        return str(uint(4));
    }
    const isMap = m < 0x90 || m === 0xde || m === 0xdf;
    if (!isMap && m >= 0xa0 && m !== 0xdc && m !== 0xdd)
      return fail(`unsupported type 0x${m.toString(16)} at byte ${at}`);
    if (depth >= MAX_DEPTH) fail('nested too deep');
    const n = m < 0xa0 ? m & 0x0f : uint(m & 1 ? 4 : 2);
    if (n * (isMap ? 2 : 1) > bytes.length - pos) fail(`length ${n} at byte ${at} exceeds the input`);
    if (!isMap) return Array.from({ length: n }, () => read(depth + 1));
    const map: { [key: string]: MsgpackValue } = {};
    for (let i = 0; i < n; i++) {
      const keyAt = pos;
      const key = read(depth + 1);
      if (typeof key !== 'string' || key === '__proto__') fail(`map key at byte ${keyAt} is not a usable string`);
      map[key as string] = read(depth + 1);
    }
    return map;
  };
  const value = read(0);
  if (pos !== bytes.length) fail(`${bytes.length - pos} trailing bytes`);
  return value;
}
