// Reader primitives against hand-written big-endian / zigzag-varint bytes, at every truncation point,
// and malformed input → ProtocolError / FrameTooLargeError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameTooLargeError, ProtocolError } from '../../../src/errors.js';
import { Incomplete, Reader } from '../../../src/codec/reader.js';
import fc from 'fast-check';
import { decodeAtEveryTruncation, hex, throwsClass } from './helpers.js';

test('fixed-width big-endian primitives', () => {
  const at = <T>(h: string, f: (r: Reader) => T) => decodeAtEveryTruncation(hex(h), f);
  assert.equal(
    at('7f', (r) => r.byte()),
    127,
  );
  assert.equal(
    at('ff', (r) => r.byte()),
    255,
  );
  assert.equal(
    at('ff', (r) => r.int8()),
    -1,
  );
  assert.equal(
    at('80', (r) => r.int8()),
    -128,
  );
  assert.equal(
    at('01', (r) => r.bool()),
    true,
  );
  assert.equal(
    at('00', (r) => r.bool()),
    false,
  );
  assert.equal(
    at('ff fe', (r) => r.short()),
    -2,
  ); // int16 BE
  assert.equal(
    at('7f ff', (r) => r.short()),
    32767,
  );
  assert.equal(
    at('00 00 01 00', (r) => r.int()),
    256,
  ); // int32 BE
  assert.equal(
    at('80 00 00 00', (r) => r.int()),
    -2147483648,
  );
  assert.equal(
    at('ff ff ff ff ff ff ff ff', (r) => r.long()),
    -1,
  ); // int64 BE
  assert.equal(
    at('00 1f ff ff ff ff ff ff', (r) => r.long()),
    2 ** 53 - 1,
  ); // largest safe: a number
  assert.equal(
    at('ff e0 00 00 00 00 00 01', (r) => r.long()),
    -(2 ** 53 - 1),
  );
  assert.equal(
    at('00 20 00 00 00 00 00 00', (r) => r.long()),
    2n ** 53n,
  ); // beyond safe: a bigint
  assert.equal(
    at('ff e0 00 00 00 00 00 00', (r) => r.long()),
    -(2n ** 53n),
  );
  assert.equal(
    at('7f ff ff ff ff ff ff ff', (r) => r.long()),
    2n ** 63n - 1n,
  );
  assert.equal(
    at('80 00 00 00 00 00 00 00', (r) => r.long()),
    -(2n ** 63n),
  );
  assert.equal(
    at('00 00 00 01 00 00 00 00', (r) => r.longBig()),
    2n ** 32n,
  );
  assert.equal(
    at('3f c0 00 00', (r) => r.float()),
    1.5,
  ); // IEEE-754 single BE
  assert.equal(
    at('3f f8 00 00 00 00 00 00', (r) => r.double()),
    1.5,
  ); // IEEE-754 double BE
  assert.ok(
    Object.is(
      at('80 00 00 00 00 00 00 00', (r) => r.double()),
      -0,
    ),
  );
  assert.ok(Number.isNaN(at('7f f8 00 00 00 00 00 00', (r) => r.double())));
});

test('int32-length strings and bytes (-1 = null)', () => {
  const at = <T>(h: string, f: (r: Reader) => T) => decodeAtEveryTruncation(hex(h), f);
  assert.equal(
    at('00 00 00 03 61 62 63', (r) => r.string()),
    'abc',
  );
  assert.equal(
    at('00 00 00 00', (r) => r.string()),
    '',
  );
  assert.equal(
    at('ff ff ff ff', (r) => r.string()),
    null,
  );
  assert.equal(
    at('00 00 00 06 68 c3 a9 e2 82 ac', (r) => r.string()),
    'hé€',
  ); // 1 + 2 + 3 UTF-8 bytes
  assert.equal(
    at('00 00 00 04 f0 9f 98 80', (r) => r.string()),
    '😀',
  ); // non-BMP: 4 bytes
  assert.deepEqual(
    at('00 00 00 02 0a 0b', (r) => r.bytesField()),
    hex('0a 0b'),
  );
  assert.equal(
    at('ff ff ff ff', (r) => r.bytesField()),
    null,
  );
});

test('bytesField and varBytes return views, not copies', () => {
  const buf = hex('00 00 00 02 0a 0b 04 0c 0d');
  const r = new Reader(buf);
  const a = r.bytesField()!;
  const b = r.varBytes();
  assert.equal(a.buffer, buf.buffer);
  assert.equal(b.buffer, buf.buffer);
  assert.deepEqual([...b], [0x0c, 0x0d]);
});

test('zigzag varints', () => {
  const at = (h: string) => decodeAtEveryTruncation(hex(h), (r) => r.varint());
  assert.equal(at('00'), 0);
  assert.equal(at('01'), -1);
  assert.equal(at('02'), 1);
  assert.equal(at('7f'), -64);
  assert.equal(at('80 01'), 64);
  assert.equal(at('d8 04'), 300); // zigzag 600 = 0x258: 0x58|0x80, 0x04
  assert.equal(at('fe ff ff ff 0f'), 2147483647);
  assert.equal(at('ff ff ff ff 0f'), -2147483648);
  assert.equal(at('fe ff ff ff ff ff ff 1f'), 2 ** 53 - 1); // zigzag 2^54-2: 8 bytes
  assert.equal(at('fd ff ff ff ff ff ff 1f'), -(2 ** 53 - 1)); // zigzag 2^54-3
  assert.equal(at('80 80 80 80 80 80 80 20'), 2n ** 53n); // zigzag 2^54
  assert.equal(at('ff ff ff ff ff ff ff 1f'), -(2n ** 53n)); // zigzag 2^54-1
  assert.equal(at('fe ff ff ff ff ff ff ff ff 01'), 2n ** 63n - 1n); // 10 bytes
  assert.equal(at('ff ff ff ff ff ff ff ff ff 01'), -(2n ** 63n));
  assert.equal(at('80 80 80 80 80 80 80 80 80 00'), 0); // over-long but within 10 bytes
  assert.equal(at('ff ff ff ff ff ff ff ff ff 7f'), -(2n ** 63n)); // 10th byte: only bit 63 counts (as in Java)
  assert.equal(at('80 80 80 80 80 80 80 80 01'), 2n ** 55n); // zigzag 2^56, 9 bytes
  assert.equal(
    decodeAtEveryTruncation(hex('d8 04'), (r) => r.varintNumber()),
    300,
  );
});

test('varint strings and bytes', () => {
  const at = <T>(h: string, f: (r: Reader) => T) => decodeAtEveryTruncation(hex(h), f);
  assert.equal(
    at('00', (r) => r.varString()),
    '',
  );
  assert.equal(
    at('06 61 62 63', (r) => r.varString()),
    'abc',
  );
  assert.equal(
    at('08 f0 9f 98 80', (r) => r.varString()),
    '😀',
  );
  const long = 'é'.repeat(100); // 200 bytes: the TextDecoder path; length varint 400 = 90 03
  assert.equal(
    at('90 03' + ' c3 a9'.repeat(100), (r) => r.varString()),
    long,
  );
  assert.deepEqual(
    at('04 01 02', (r) => r.varBytes()),
    hex('01 02'),
  );
  assert.deepEqual(
    at('01 02 03', (r) => r.raw(3)),
    hex('01 02 03'),
  );
});

test('Incomplete: needed is the absolute end offset; primitives leave pos unchanged', () => {
  const buf = hex('aa bb 00 00 00 05 61');
  const r = new Reader(buf, 2);
  try {
    r.string();
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof Incomplete);
    assert.equal(e.needed, 11); // 2 + 4 + 5
    assert.ok(!(e instanceof ProtocolError));
  }
  assert.equal(r.pos, 2);
  const r2 = new Reader(hex('80 80'), 0);
  throwsClass(() => r2.varint(), Incomplete);
  assert.equal(r2.pos, 0);
  const r3 = new Reader(hex('00 01 02 03'), 1, 3);
  assert.equal(r3.remaining(), 2);
  r3.skip(2);
  try {
    r3.byte();
  } catch (e) {
    assert.ok(e instanceof Incomplete);
    assert.equal(e.needed, 4);
  }
});

test('malformed input is a ProtocolError, never a RangeError', () => {
  throwsClass(() => new Reader(hex('ff ff ff fe')).string(), ProtocolError, 'length -2');
  throwsClass(() => new Reader(hex('80 00 00 00')).bytesField(), ProtocolError, 'length -2^31');
  throwsClass(() => new Reader(hex('ff ff ff ff ff ff ff ff ff ff 01')).varint(), ProtocolError, '11-byte varint');
  throwsClass(() => new Reader(hex('01')).varString(), ProtocolError, 'varint length -1');
  throwsClass(() => new Reader(hex('02 ff')).varString(), ProtocolError, 'invalid UTF-8, short');
  throwsClass(() => new Reader(hex('00 00 00 02 c3 28')).string(), ProtocolError, 'invalid UTF-8 continuation');
  throwsClass(() => new Reader(hex('50' + ' 61'.repeat(39) + ' ed')).varString(), ProtocolError, 'invalid UTF-8, long');
  throwsClass(() => new Reader(hex('80 80 80 80 80 80 80 20')).varintNumber(), ProtocolError, 'unsafe varintNumber');
  throwsClass(() => new Reader(hex('00')).raw(-1), ProtocolError, 'negative raw');
  throwsClass(() => new Reader(hex('00')).skip(-1), ProtocolError, 'negative skip');
});

test('per-field size limit → FrameTooLargeError (default 16 MiB)', () => {
  const r = new Reader(hex('01 00 00 01 61'));
  assert.equal(r.maxFieldSize, 16 * 1024 * 1024);
  throwsClass(() => r.string(), FrameTooLargeError, '16 MiB + 1 declared');
  const small = new Reader(hex('00 00 00 05 61 62 63 64 65 0a 61 62 63 64 65'));
  small.maxFieldSize = 4;
  throwsClass(() => small.string(), FrameTooLargeError, 'int32 length over limit');
  small.maxFieldSize = 5;
  assert.equal(small.string(), 'abcde');
  small.maxFieldSize = 4;
  throwsClass(() => small.varString(), FrameTooLargeError, 'varint length over limit');
});

test('short-string UTF-8 decoding agrees with a fatal TextDecoder on arbitrary bytes', () => {
  const td = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }); // a leading U+FEFF is content, as in Java's new String(bytes, UTF_8)
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 32 }), (b) => {
      let expected: string | undefined;
      try {
        expected = td.decode(b);
      } catch {
        expected = undefined;
      }
      const r = new Reader(new Uint8Array([b.length * 2, ...b]));
      if (expected === undefined) throwsClass(() => r.varString(), ProtocolError, 'invalid UTF-8');
      else assert.equal(r.varString(), expected);
    }),
    { numRuns: 5000 },
  );
  // well-formed multi-byte sequences, edges of each range
  assert.equal(new Reader(hex('06 ef bb bf')).varString(), '\ufeff');
  assert.equal(new Reader(hex('50 ef bb bf' + ' 61'.repeat(37))).varString(), '\ufeff' + 'a'.repeat(37));
  for (const s of ['\u0080', '\u07ff', '\u0800', '\ud7ff', '\ue000', '\uffff', '\u{10000}', '\u{10ffff}']) {
    const b = new TextEncoder().encode(s);
    assert.equal(new Reader(new Uint8Array([b.length * 2, ...b])).varString(), s);
  }
  // overlong, surrogate, beyond U+10FFFF
  for (const h of ['04 c0 80', '06 e0 80 80', '06 ed a0 80', '08 f4 90 80 80', '08 f0 80 80 80']) {
    throwsClass(() => new Reader(hex(h)).varString(), ProtocolError, h);
  }
});

test('limit moves the end for a length-prefixed part and returns the previous end', () => {
  const r = new Reader(hex('01 02 03 04'));
  r.pos = 1;
  const prev = r.limit(2);
  assert.equal(prev, 4);
  assert.equal(r.byte(), 2);
  throwsClass(() => r.byte(), Incomplete);
  r.limit(prev);
  assert.equal(r.byte(), 3);
});
