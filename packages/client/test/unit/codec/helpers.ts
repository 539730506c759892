// Test helpers for the value codec: hex fixtures and the "every truncation point" check.
import assert from 'node:assert/strict';
import { Incomplete, Reader } from '../../../src/codec/reader.js';
import { Writer } from '../../../src/codec/writer.js';

/** Bytes from hex text; spaces, newlines and `|` are ignored. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/[\s|]/g, '');
  assert.equal(clean.length % 2, 0, `odd hex: ${s}`);
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/** Hex text of what `fn` writes. */
export function written(fn: (w: Writer) => unknown): string {
  const w = new Writer(8);
  fn(w);
  return toHex(w.finish());
}

/**
 * Decodes `bytes` with a Reader ending at every k < length (each must throw Incomplete asking for an
 * offset in (k, length]), then whole (must consume exactly `bytes`, also with trailing bytes after them).
 */
export function decodeAtEveryTruncation<T>(bytes: Uint8Array, decode: (r: Reader) => T): T {
  for (let k = 0; k < bytes.length; k++) {
    const r = new Reader(bytes, 0, k);
    let thrown: unknown;
    try {
      decode(r);
    } catch (e) {
      thrown = e;
    }
    assert.ok(thrown instanceof Incomplete, `k=${k}/${bytes.length}: expected Incomplete, got ${String(thrown)}`);
    assert.ok(
      thrown.needed > k && thrown.needed <= bytes.length,
      `k=${k}: needed ${thrown.needed} not in (${k}, ${bytes.length}]`,
    );
  }
  const padded = new Uint8Array(bytes.length + 3);
  padded.set(bytes);
  padded.set([0xee, 0xee, 0xee], bytes.length);
  const r2 = new Reader(padded);
  decode(r2);
  assert.equal(r2.pos, bytes.length, 'decoder must stop at the end of the value');
  const r = new Reader(bytes);
  const v = decode(r);
  assert.equal(r.pos, bytes.length);
  return v;
}

/** Asserts `fn` throws an instance of `cls` (and not, say, a RangeError). */
export function throwsClass(fn: () => unknown, cls: new (...a: never[]) => Error, what = ''): void {
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  assert.ok(
    thrown instanceof cls,
    `${what}: expected ${cls.name}, got ${thrown === undefined ? 'no error' : String(thrown)}`,
  );
}
