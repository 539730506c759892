// Helpers for hand-built hex fixtures (independent of the Writer) and split-feeding decoders.
import assert from 'node:assert/strict';
import { Incomplete, Reader } from '../../../../src/codec/reader.js';
import { Writer } from '../../../../src/codec/writer.js';

export const hex = (s: string): Uint8Array => {
  const clean = s.replace(/\s+/g, '');
  return clean.length === 0 ? new Uint8Array(0) : Uint8Array.from(clean.match(/../g)!.map((b) => parseInt(b, 16)));
};
export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** int32 BE as 8 hex digits (two's complement). */
export const i32 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
export const i16 = (n: number): string => ((n & 0xffff) >>> 0).toString(16).padStart(4, '0');
export const i64 = (n: number | bigint): string => BigInt.asUintN(64, BigInt(n)).toString(16).padStart(16, '0');
/** A protocol string: int32 byte length + UTF-8 (ASCII fixtures only). */
export const str = (s: string | null): string =>
  s === null
    ? 'ffffffff'
    : i32(s.length) + Array.from(s, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
export const bytes = (h: string | null): string =>
  h === null ? 'ffffffff' : i32(h.replace(/\s+/g, '').length / 2) + h.replace(/\s+/g, '');

export function encoded(f: (w: Writer) => void): string {
  const w = new Writer();
  f(w);
  return toHex(w.finish());
}

/** Every strict prefix must throw Incomplete; the whole must decode and consume every byte. */
export function decodeAtEverySplit<T>(data: Uint8Array, decode: (r: Reader) => T): T {
  for (let n = 0; n < data.length; n++) {
    assert.throws(() => decode(new Reader(data, 0, n)), Incomplete, `prefix of ${n} bytes`);
  }
  const r = new Reader(data);
  const v = decode(r);
  assert.equal(r.remaining(), 0, 'every byte consumed');
  return v;
}
