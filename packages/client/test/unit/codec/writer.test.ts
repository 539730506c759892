// Writer primitives against hand-written bytes: big-endian fixed widths, zigzag varints, UTF-8 strings,
// growth, back-patching, and rejection of values that do not fit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError } from '../../../src/errors.js';
import { Writer } from '../../../src/codec/writer.js';
import { throwsClass, toHex, written } from './helpers.js';

test('fixed-width big-endian primitives', () => {
  assert.equal(
    written((w) => w.byte(0xab).bool(true).bool(false)),
    'ab 01 00',
  );
  assert.equal(
    written((w) => w.short(-2).short(32767)),
    'ff fe 7f ff',
  );
  assert.equal(
    written((w) => w.int(256).int(-2147483648)),
    '00 00 01 00 80 00 00 00',
  );
  assert.equal(
    written((w) => w.long(-1)),
    'ff ff ff ff ff ff ff ff',
  );
  assert.equal(
    written((w) => w.long(2 ** 53 - 1)),
    '00 1f ff ff ff ff ff ff',
  );
  assert.equal(
    written((w) => w.long(-(2 ** 53 - 1))),
    'ff e0 00 00 00 00 00 01',
  );
  assert.equal(
    written((w) => w.long(2n ** 63n - 1n)),
    '7f ff ff ff ff ff ff ff',
  );
  assert.equal(
    written((w) => w.long(-(2n ** 63n))),
    '80 00 00 00 00 00 00 00',
  );
  assert.equal(
    written((w) => w.long(4294967296)),
    '00 00 00 01 00 00 00 00',
  );
  assert.equal(
    written((w) => w.float(1.5)),
    '3f c0 00 00',
  );
  assert.equal(
    written((w) => w.double(1.5)),
    '3f f8 00 00 00 00 00 00',
  );
  assert.equal(
    written((w) => w.double(-0)),
    '80 00 00 00 00 00 00 00',
  );
});

test('int32-length strings and bytes', () => {
  assert.equal(
    written((w) => w.string('abc')),
    '00 00 00 03 61 62 63',
  );
  assert.equal(
    written((w) => w.string(null)),
    'ff ff ff ff',
  );
  assert.equal(
    written((w) => w.string('')),
    '00 00 00 00',
  );
  assert.equal(
    written((w) => w.string('hé€😀')),
    '00 00 00 0a 68 c3 a9 e2 82 ac f0 9f 98 80',
  );
  assert.equal(
    written((w) => w.bytesField(new Uint8Array([10, 11]))),
    '00 00 00 02 0a 0b',
  );
  assert.equal(
    written((w) => w.bytesField(null)),
    'ff ff ff ff',
  );
});

test('zigzag varints', () => {
  const v = (n: number | bigint) => written((w) => w.varint(n));
  assert.equal(v(0), '00');
  assert.equal(v(-0), '00');
  assert.equal(v(-1), '01');
  assert.equal(v(1), '02');
  assert.equal(v(-64), '7f');
  assert.equal(v(64), '80 01');
  assert.equal(v(300), 'd8 04');
  assert.equal(v(2147483647), 'fe ff ff ff 0f');
  assert.equal(v(-2147483648), 'ff ff ff ff 0f');
  assert.equal(v(2 ** 30), '80 80 80 80 08');
  assert.equal(v(2 ** 53 - 1), 'fe ff ff ff ff ff ff 1f');
  assert.equal(v(-(2 ** 53 - 1)), 'fd ff ff ff ff ff ff 1f');
  assert.equal(v(2n ** 53n), '80 80 80 80 80 80 80 20');
  assert.equal(v(-(2n ** 53n)), 'ff ff ff ff ff ff ff 1f');
  assert.equal(v(2n ** 63n - 1n), 'fe ff ff ff ff ff ff ff ff 01');
  assert.equal(v(-(2n ** 63n)), 'ff ff ff ff ff ff ff ff ff 01');
  assert.equal(v(5n), '0a');
});

test('varint strings: ASCII fast path, multi-byte, and a length prefix that shrinks after encoding', () => {
  assert.equal(
    written((w) => w.varString('')),
    '00',
  );
  assert.equal(
    written((w) => w.varString('abc')),
    '06 61 62 63',
  );
  assert.equal(
    written((w) => w.varString('é')),
    '04 c3 a9',
  );
  assert.equal(
    written((w) => w.varString('😀')),
    '08 f0 9f 98 80',
  );
  // 30 'é' = 60 bytes: the reserved prefix (for 90 bytes → 2 bytes) shrinks to 1 byte (0x78)
  assert.equal(
    written((w) => w.varString('é'.repeat(30))),
    '78' + ' c3 a9'.repeat(30),
  );
  // 64 ASCII chars (beyond the fast path): length 64 → zigzag 128 → 80 01
  assert.equal(
    written((w) => w.varString('a'.repeat(64))),
    '80 01' + ' 61'.repeat(64),
  );
  assert.equal(
    written((w) => w.varBytes(new Uint8Array([1, 2]))),
    '04 01 02',
  );
  assert.equal(
    written((w) => w.raw(new Uint8Array([9]))),
    '09',
  );
});

test('grows from a tiny buffer; length; finish is a view of what was written', () => {
  const w = new Writer(1);
  for (let i = 0; i < 1000; i++) w.int(i);
  assert.equal(w.length, 4000);
  const out = w.finish();
  assert.equal(out.length, 4000);
  assert.equal(toHex(out.subarray(3996)), '00 00 03 e7');
  w.byte(1);
  assert.equal(out.length, 4000, 'later writes do not change an earlier finish()');
});

test('reserveInt / patchInt back-patch a length', () => {
  const w = new Writer(4);
  w.byte(7);
  const slot = w.reserveInt();
  w.varString('hello');
  w.patchInt(slot, w.length - slot - 4);
  assert.equal(toHex(w.finish()), '07 00 00 00 06 0a 68 65 6c 6c 6f');
  assert.throws(() => w.patchInt(w.length - 2, 1), RangeError);
});

test('values that do not fit are InvalidArgumentError', () => {
  throwsClass(() => new Writer().varint(1.5), InvalidArgumentError, 'fraction');
  throwsClass(() => new Writer().varint(NaN), InvalidArgumentError, 'NaN');
  throwsClass(() => new Writer().varint(2 ** 53), InvalidArgumentError, 'unsafe number');
  throwsClass(() => new Writer().varint(2n ** 63n), InvalidArgumentError, 'bigint beyond int64');
  throwsClass(() => new Writer().long(0.5), InvalidArgumentError, 'long fraction');
  throwsClass(() => new Writer().long(-(2n ** 63n) - 1n), InvalidArgumentError, 'long beyond int64');
});

test('borrowed buffers: nested writers do not share bytes, and a finished output survives later writers', () => {
  const outer = new Writer();
  outer.int(1);
  const inner = new Writer();
  inner.int(2);
  outer.int(3);
  const innerOut = inner.finish();
  const outerOut = outer.finish();
  for (let i = 0; i < 10; i++) new Writer().int(-1).int(-1).int(-1).finish();
  const again = new Writer();
  again.int(-1).int(-1);
  assert.equal(toHex(innerOut), '00 00 00 02');
  assert.equal(toHex(outerOut), '00 00 00 01 00 00 00 03');
  outer.int(4);
  assert.equal(toHex(outer.finish()), '00 00 00 01 00 00 00 03 00 00 00 04', 'a writer keeps going after finish()');
  assert.equal(toHex(outerOut), '00 00 00 01 00 00 00 03');
  const big = new Writer();
  for (let i = 0; i < 5000; i++) big.int(i);
  const other = new Writer().int(7).finish();
  assert.equal(big.finish().length, 20000);
  assert.equal(toHex(other), '00 00 00 07');
});

test('finished outputs never share bytes: a thousand small and large outputs keep what was written', () => {
  const outs: Array<[number, Uint8Array]> = [];
  for (let i = 0; i < 1000; i++) {
    const w = new Writer();
    const n = i % 7 === 0 ? 3000 : 1 + (i % 50);
    for (let k = 0; k < n; k++) w.byte(i & 0xff);
    outs.push([i, w.finish()]);
  }
  for (const [i, out] of outs) {
    assert.equal(out.length, i % 7 === 0 ? 3000 : 1 + (i % 50));
    assert.ok(
      out.every((b) => b === (i & 0xff)),
      `output ${i} intact`,
    );
  }
});
