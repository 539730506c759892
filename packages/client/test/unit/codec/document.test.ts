// onet_ser_v37 documents: one hand-written fixture per OType (decoded and encoded), every truncation
// point, class names, nulls, and record content by record type.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeRecordContent, readDocument, writeDocument } from '../../../src/codec/document.js';
import { Decimal } from '../../../src/codec/decimal.js';
import { TreeLinkBag } from '../../../src/codec/link-bag.js';
import { RecordId } from '../../../src/codec/record-id.js';
import { Types, typed } from '../../../src/codec/typed.js';
import { OType, RecordType } from '../../../src/codec/types.js';
import { Writer } from '../../../src/codec/writer.js';
import { decodeAtEveryTruncation, hex, throwsClass, toHex } from './helpers.js';
import { Reader } from '../../../src/codec/reader.js';
import { ProtocolError } from '../../../src/errors.js';

const rid = (c: number, p: number | bigint) => new RecordId(c, p);
const FF16 = 'ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff ff';

interface Fixture {
  name: string;
  /** The JS value written (plain or Typed). */
  input: unknown;
  /** type byte | payload, hand-written from the layouts (ORecordSerializerNetworkV37). */
  bytes: string;
  /** What decoding gives back. */
  decoded: unknown;
}

const FIXTURES: Fixture[] = [
  { name: 'BOOLEAN true', input: true, bytes: '00 | 01', decoded: true },
  { name: 'BOOLEAN false', input: false, bytes: '00 | 00', decoded: false },
  { name: 'INTEGER 1', input: 1, bytes: '01 | 02', decoded: 1 },
  { name: 'INTEGER -1', input: -1, bytes: '01 | 01', decoded: -1 },
  { name: 'INTEGER 300', input: 300, bytes: '01 | d8 04', decoded: 300 },
  { name: 'INTEGER max', input: 2147483647, bytes: '01 | fe ff ff ff 0f', decoded: 2147483647 },
  { name: 'INTEGER min', input: -2147483648, bytes: '01 | ff ff ff ff 0f', decoded: -2147483648 },
  { name: 'SHORT -5', input: Types.short(-5), bytes: '02 | 09', decoded: -5 },
  { name: 'LONG 2^31 (inferred: beyond int32)', input: 2147483648, bytes: '03 | 80 80 80 80 10', decoded: 2147483648 },
  { name: 'LONG 2^53-1', input: 2 ** 53 - 1, bytes: '03 | fe ff ff ff ff ff ff 1f', decoded: 2 ** 53 - 1 },
  { name: 'LONG -(2^53) as bigint', input: -(2n ** 53n), bytes: '03 | ff ff ff ff ff ff ff 1f', decoded: -(2n ** 53n) },
  { name: 'LONG 2^63-1', input: 2n ** 63n - 1n, bytes: '03 | fe ff ff ff ff ff ff ff ff 01', decoded: 2n ** 63n - 1n },
  { name: 'LONG -2^63', input: -(2n ** 63n), bytes: '03 | ff ff ff ff ff ff ff ff ff 01', decoded: -(2n ** 63n) },
  { name: 'LONG small, typed', input: Types.long(3), bytes: '03 | 06', decoded: 3 },
  { name: 'FLOAT 1.5', input: Types.float(1.5), bytes: '04 | 3f c0 00 00', decoded: 1.5 },
  { name: 'DOUBLE 1.5', input: 1.5, bytes: '05 | 3f f8 00 00 00 00 00 00', decoded: 1.5 },
  { name: 'DOUBLE -0 (inferred DOUBLE, not INTEGER)', input: -0, bytes: '05 | 80 00 00 00 00 00 00 00', decoded: -0 },
  { name: 'DOUBLE Infinity', input: Infinity, bytes: '05 | 7f f0 00 00 00 00 00 00', decoded: Infinity },
  { name: 'DOUBLE typed integer', input: Types.double(2), bytes: '05 | 40 00 00 00 00 00 00 00', decoded: 2 },
  { name: 'DATETIME 1000 ms', input: new Date(1000), bytes: '06 | d0 0f', decoded: new Date(1000) },
  { name: 'DATETIME -1 ms', input: new Date(-1), bytes: '06 | 01', decoded: new Date(-1) },
  { name: 'STRING empty', input: '', bytes: '07 | 00', decoded: '' },
  { name: 'STRING hé€', input: 'hé€', bytes: '07 | 0c 68 c3 a9 e2 82 ac', decoded: 'hé€' },
  { name: 'STRING non-BMP', input: '😀', bytes: '07 | 08 f0 9f 98 80', decoded: '😀' },
  { name: 'BINARY', input: new Uint8Array([1, 2, 3]), bytes: '08 | 06 01 02 03', decoded: new Uint8Array([1, 2, 3]) },
  { name: 'BINARY empty', input: new Uint8Array(0), bytes: '08 | 00', decoded: new Uint8Array(0) },
  {
    name: 'EMBEDDED with class (from @class)',
    input: { '@class': 'P', x: 1 },
    bytes: '09 | 02 50 | 02 | 02 78 01 02', // class 'P', 1 field, 'x' INTEGER 1
    decoded: { '@class': 'P', x: 1 },
  },
  {
    name: 'EMBEDDED without class (Types.embedded)',
    input: Types.embedded({ a: null }),
    bytes: '09 | 00 | 02 | 02 61 ff', // no class, 1 field, 'a' null
    decoded: { a: null },
  },
  {
    name: 'EMBEDDED class via Types.embedded',
    input: Types.embedded({}, 'Q'),
    bytes: '09 | 02 51 | 00',
    decoded: { '@class': 'Q' },
  },
  {
    name: 'EMBEDDEDLIST',
    input: [1, 'a', null],
    bytes: '0a | 06 | 01 02 | 07 02 61 | ff', // 3 items: INTEGER 1, STRING 'a', null
    decoded: [1, 'a', null],
  },
  { name: 'EMBEDDEDLIST empty', input: [], bytes: '0a | 00', decoded: [] },
  {
    name: 'EMBEDDEDLIST of SHORT (itemType)',
    input: Types.embeddedList([1, 2], OType.SHORT),
    bytes: '0a | 04 | 02 02 | 02 04',
    decoded: [1, 2],
  },
  {
    name: 'EMBEDDEDSET from a Set (decodes to an array)',
    input: new Set([true]),
    bytes: '0b | 02 | 00 01',
    decoded: [true],
  },
  {
    name: 'EMBEDDEDMAP',
    input: { k: 'v', n: null },
    bytes: '0c | 04 | 02 6b 07 02 76 | 02 6e ff', // 2 entries: 'k' STRING 'v'; 'n' null
    decoded: { k: 'v', n: null },
  },
  { name: 'EMBEDDEDMAP from a Map', input: new Map([['a', 1]]), bytes: '0c | 02 | 02 61 01 02', decoded: { a: 1 } },
  { name: 'EMBEDDEDMAP empty', input: {}, bytes: '0c | 00', decoded: {} },
  { name: 'LINK #12:0', input: rid(12, 0), bytes: '0d | 18 00', decoded: rid(12, 0) },
  { name: 'LINK from a string', input: Types.link('#3:4'), bytes: '0d | 06 08', decoded: rid(3, 4) },
  {
    name: 'LINK big position',
    input: rid(1, 2n ** 62n),
    bytes: '0d | 02 80 80 80 80 80 80 80 80 80 01',
    decoded: rid(1, 2n ** 62n),
  },
  {
    name: 'LINKLIST with a null entry',
    input: Types.linkList([rid(1, 2), null]),
    bytes: '0e | 04 | 02 04 | 03 01', // #1:2, then the null link (-2, -1)
    decoded: [rid(1, 2), null],
  },
  { name: 'LINKLIST inferred from RecordId[]', input: [rid(1, 2)], bytes: '0e | 02 | 02 04', decoded: [rid(1, 2)] },
  { name: 'LINKSET from Set<RecordId>', input: new Set([rid(3, 4)]), bytes: '0f | 02 | 06 08', decoded: [rid(3, 4)] },
  {
    name: 'LINKSET typed from strings',
    input: Types.linkSet(['#3:4']),
    bytes: '0f | 02 | 06 08',
    decoded: [rid(3, 4)],
  },
  {
    name: 'LINKMAP',
    input: Types.linkMap({ a: rid(1, 1), b: null }),
    bytes: '10 | 04 | 07 02 61 02 02 | 07 02 62 03 01', // key type STRING, 'a' → #1:1; 'b' → null link
    decoded: { a: rid(1, 1), b: null },
  },
  { name: 'BYTE -1', input: Types.byte(-1), bytes: '11 | ff', decoded: -1 },
  { name: 'BYTE 127', input: Types.byte(127), bytes: '11 | 7f', decoded: 127 },
  { name: 'TRANSIENT (no payload)', input: typed(OType.TRANSIENT, 'x'), bytes: '12', decoded: null },
  { name: 'DATE 1970-01-02', input: Types.date('1970-01-02'), bytes: '13 | 02', decoded: new Date(86400000) },
  { name: 'DATE 1969-12-31', input: Types.date('1969-12-31'), bytes: '13 | 01', decoded: new Date(-86400000) },
  {
    name: 'DATE from a Date mid-day (its UTC day)',
    input: Types.date(new Date(Date.UTC(2000, 0, 1, 15))),
    bytes: '13 | 9a ab 01',
    decoded: new Date(Date.UTC(2000, 0, 1)),
  },
  {
    name: 'CUSTOM',
    input: typed(OType.CUSTOM, { className: 'a', bytes: new Uint8Array([9]) }),
    bytes: '14 | 02 61 | 02 09',
    decoded: { className: 'a', bytes: new Uint8Array([9]) },
  },
  {
    name: 'DECIMAL -123.45',
    input: Types.decimal('-123.45'),
    bytes: '15 | 00 00 00 02 | 00 00 00 02 | cf c7', // scale 2, 2 bytes, -12345 two's complement
    decoded: Decimal.parse('-123.45'),
  },
  {
    name: 'DECIMAL 128',
    input: Decimal.parse('128'),
    bytes: '15 | 00 00 00 00 | 00 00 00 02 | 00 80',
    decoded: Decimal.parse('128'),
  },
  {
    name: 'DECIMAL 0',
    input: Types.decimal(0n),
    bytes: '15 | 00 00 00 00 | 00 00 00 01 | 00',
    decoded: new Decimal(0n, 0),
  },
  {
    name: 'DECIMAL 1E+3 (negative scale)',
    input: Types.decimal('1E+3'),
    bytes: '15 | ff ff ff fd | 00 00 00 01 | 01',
    decoded: new Decimal(1n, -3),
  },
  {
    name: 'LINKBAG embedded',
    input: Types.linkBag([rid(5, 6)]),
    bytes: `16 | ${FF16} | 01 | 02 | 0a 0c`, // uuid -1/-1, kind 1, 1 link, #5:6
    decoded: [rid(5, 6)],
  },
  {
    name: 'LINKBAG tree',
    input: new TreeLinkBag({
      fileId: 3,
      pageIndex: 4,
      pageOffset: 5,
      size: -1,
      changes: [{ rid: rid(1, 2), type: 1, value: 3 }],
    }),
    bytes: `16 | ${FF16} | 02 | 06 08 0a 01 | 02 | 02 04 01 06`, // kind 2, fileId 3, pageIndex 4, pageOffset 5, size -1; 1 change: #1:2 type 1 value 3
    decoded: new TreeLinkBag({
      fileId: 3,
      pageIndex: 4,
      pageOffset: 5,
      size: -1,
      changes: [{ rid: rid(1, 2), type: 1, value: 3 }],
    }),
  },
  { name: 'ANY (no payload)', input: typed(OType.ANY, null), bytes: '17', decoded: null },
];

/** The document `{ v: <fixture> }`: no class (00), 1 field (02), name 'v' (02 76). */
const docBytes = (f: Fixture) => hex('00 02 02 76 ' + f.bytes);

for (const f of FIXTURES) {
  test(`decode ${f.name}`, () => {
    const doc = decodeAtEveryTruncation(docBytes(f), readDocument);
    assert.deepEqual(doc, { v: f.decoded });
    if (typeof f.decoded === 'number') assert.ok(Object.is(doc['v'], f.decoded));
  });
  test(`encode ${f.name}`, () => {
    const w = new Writer(4);
    writeDocument(w, { v: f.input });
    assert.equal(toHex(w.finish()), toHex(docBytes(f)));
  });
}

test('class name, several fields, null field, attributes and undefined skipped on write', () => {
  // class 'V' (02 56), 3 fields: 'a' INTEGER 1, 'b' null, 'c' STRING 'x'
  const bytes = hex('02 56 | 06 | 02 61 01 02 | 02 62 ff | 02 63 07 02 78');
  assert.deepEqual(decodeAtEveryTruncation(bytes, readDocument), { '@class': 'V', a: 1, b: null, c: 'x' });
  const w = new Writer();
  writeDocument(w, { '@class': 'V', '@rid': rid(1, 1), '@version': 3, a: 1, b: null, skipped: undefined, c: 'x' });
  assert.equal(toHex(w.finish()), toHex(bytes));
  const w2 = new Writer();
  writeDocument(w2, { a: 1, b: null, c: 'x' }, 'V');
  assert.equal(toHex(w2.finish()), toHex(bytes), 'explicit className');
});

test('a field named __proto__ is an own property, not a prototype change', () => {
  // no class, 1 field: '__proto__' (9 bytes: 12) EMBEDDEDMAP with 'x' INTEGER 1
  const doc = readDocument(new Reader(hex('00 02 12 5f 5f 70 72 6f 74 6f 5f 5f 0c 02 02 78 01 02')));
  assert.equal(Object.getPrototypeOf(doc), Object.prototype);
  assert.ok(Object.hasOwn(doc, '__proto__'));
  assert.deepEqual(Object.getOwnPropertyDescriptor(doc, '__proto__')?.value, { x: 1 });
  assert.equal((doc as { x?: unknown }).x, undefined);
});

test('decodeRecordContent by record type', () => {
  assert.deepEqual(decodeRecordContent(hex('02 56 02 02 61 01 02')), { '@class': 'V', a: 1 });
  assert.deepEqual(decodeRecordContent(hex('02 56 02 02 61 01 02'), RecordType.DOCUMENT), { '@class': 'V', a: 1 });
  assert.deepEqual(decodeRecordContent(new Uint8Array(0)), {});
  const blob = hex('de ad be ef');
  const b = decodeRecordContent(blob, RecordType.BLOB);
  assert.deepEqual(b, { value: blob });
  assert.notEqual((b['value'] as Uint8Array).buffer, blob.buffer, 'blob content is copied');
  assert.deepEqual(decodeRecordContent(hex('68 69'), RecordType.FLAT), { value: 'hi' });
  throwsClass(() => decodeRecordContent(hex('02 56 02 02 61 01')), ProtocolError, 'content ends early');
  throwsClass(() => decodeRecordContent(hex('00 00 00')), ProtocolError, 'trailing bytes');
  throwsClass(() => decodeRecordContent(hex('00'), 0x78), ProtocolError, 'unknown record type');
});

test('BINARY is copied and does not pin the network buffer', () => {
  const bytes = hex('00 02 02 76 08 04 01 02');
  const doc = readDocument(new Reader(bytes));
  const bin = doc['v'] as Uint8Array;
  assert.notEqual(bin.buffer, bytes.buffer);
  assert.equal(bin.byteLength, bin.buffer.byteLength);
});

test('a 1 MiB string and non-BMP characters decode exactly', () => {
  const s = ('a😀é€' + 'x'.repeat(100)).repeat(10000).slice(0, 1024 * 1024);
  const w = new Writer();
  writeDocument(w, { s });
  const doc = readDocument(new Reader(w.finish()));
  assert.equal(doc['s'], s);
});

test('1000 levels of nesting (lists, maps, embedded documents) round-trip', () => {
  let v: unknown = 'leaf';
  for (let i = 0; i < 1000; i++) v = i % 3 === 0 ? [v] : i % 3 === 1 ? { k: v } : { '@class': 'C', k: v };
  const w = new Writer();
  writeDocument(w, { v });
  assert.deepEqual(readDocument(new Reader(w.finish())), { v });
});

test('many distinct field names (key cache collisions) all decode to the right names', () => {
  const doc: Record<string, number> = {};
  for (let i = 0; i < 20000; i++) doc[`f${i.toString(36)}`] = i;
  const w = new Writer();
  writeDocument(w, doc);
  const bytes = w.finish();
  assert.deepEqual(readDocument(new Reader(bytes)), doc);
  assert.deepEqual(readDocument(new Reader(bytes)), doc, 'second pass, from the cache');
});

test('decoding from a Node Buffer (whose slice() is a view) never aliases it: BINARY copies, key cache copies', () => {
  const buf = Buffer.from(hex('00 04 06 6b 65 79 08 02 07 | 02 71 07 02 78')); // 'key' BINARY [7]; 'q' STRING 'x'
  const doc = readDocument(new Reader(buf));
  assert.deepEqual(doc, { key: new Uint8Array([7]), q: 'x' });
  assert.ok(!(doc['key'] instanceof Buffer));
  assert.notEqual((doc['key'] as Uint8Array).buffer, buf.buffer);
  // 'key' → 'K%Y' in the same memory. 'K%Y' lands in the same key-cache slot as 'key' (h = imul(h, 31) + byte
  // from h = length, & 4095: both 2940), so a cache holding a view of the Buffer would now answer 'key'.
  buf.set([0x4b, 0x25, 0x59], 3);
  buf[10] = 0x72; // 'q' → 'r'
  assert.deepEqual(readDocument(new Reader(buf)), { 'K%Y': new Uint8Array([7]), r: 'x' });
});

test('a Reader over a subarray with a byteOffset reads the right bytes', () => {
  const big = hex('ee ee ee | 00 00 00 07 | 3f f8 00 00 00 00 00 00');
  const r = new Reader(big.subarray(3));
  assert.equal(r.int(), 7);
  assert.equal(r.double(), 1.5);
});

test('a DATETIME or DATE beyond the JS Date range stays as its ms instead of an invalid Date', () => {
  // 'v' DATETIME 2^62 ms: zigzag 2^63 = 9 bytes 80 .. 80 01 (bit 63 in the 10th byte)
  const dt = readDocument(new Reader(hex('00 02 02 76 06 80 80 80 80 80 80 80 80 80 01')));
  assert.equal(dt['v'], 2n ** 62n);
  // 'v' DATE 10^9 days: zigzag 2·10^9 = 80 a8 d6 b9 07
  const d = readDocument(new Reader(hex('00 02 02 76 13 80 a8 d6 b9 07')));
  assert.equal(d['v'], 86400000n * 1000000000n);
});
