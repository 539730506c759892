// Query result items (OMessageHelper.writeResult layout) and query parameters, from hand-written bytes:
// projections with metadata, records, blobs, identifiables, structural skip, every truncation point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolError } from '../../../src/errors.js';
import { Reader } from '../../../src/codec/reader.js';
import { RecordId } from '../../../src/codec/record-id.js';
import { METADATA, readResultItem, resultMetadata, skipResultItem } from '../../../src/codec/result.js';
import { encodeQueryParams } from '../../../src/codec/params.js';
import { Decimal } from '../../../src/codec/decimal.js';
import { TreeLinkBag } from '../../../src/codec/link-bag.js';
import { Types } from '../../../src/codec/typed.js';
import { OType } from '../../../src/codec/types.js';
import { decodeAtEveryTruncation, hex, throwsClass, toHex } from './helpers.js';

// OResult: 2 properties, 1 metadata entry (27 bytes = 0x1b)
const PROJECTION_BODY = [
  '04', //                       2 properties
  '08 6e 61 6d 65 | 07 02 78', // 'name' STRING 'x'
  '08 40 72 69 64 | 0d 12 02', // '@rid' LINK #9:1
  '02', //                       1 metadata entry
  '0c 24 64 65 70 74 68 | 01 04', // '$depth' INTEGER 2
].join(' ');
const PROJECTION_ITEM = `04 | 00 00 00 1b | ${PROJECTION_BODY}`;

// ELEMENT: classId 0, type 'd', #10:3, version 7, content 8 bytes: class 'V', 1 field 'x' STRING 'y'
const ELEMENT_ITEM =
  '03 | 00 00 | 64 | 00 0a | 00 00 00 00 00 00 00 03 | 00 00 00 07 | 00 00 00 08 | 02 56 02 02 78 07 02 79';
// BLOB: classId 0, type 'b', #11:1, version 1, 3 raw bytes
const BLOB_ITEM = '00 | 00 00 | 62 | 00 0b | 00 00 00 00 00 00 00 01 | 00 00 00 01 | 00 00 00 03 | aa bb cc';

test('PROJECTION: properties, then metadata (parsed, kept off the enumerable keys)', () => {
  const row = decodeAtEveryTruncation(hex(PROJECTION_ITEM), readResultItem);
  assert.deepEqual({ ...row }, { name: 'x', '@rid': new RecordId(9, 1) });
  assert.deepEqual(Object.keys(row), ['name', '@rid']);
  assert.deepEqual(resultMetadata(row), { $depth: 2 });
  assert.deepEqual((row as Record<symbol, unknown>)[METADATA], { $depth: 2 });
  assert.equal(JSON.stringify(row), '{"name":"x","@rid":"#9:1"}');
});

test('PROJECTION: no metadata; nested OResult (type 9 without class name) with its own metadata count', () => {
  // 1 property 'o' EMBEDDED → OResult { 'a': INTEGER 1 } with 0 metadata; 0 metadata
  const body = '02 | 02 6f 09 | 02 02 61 01 02 00 | 00';
  const row = decodeAtEveryTruncation(hex(`04 00 00 00 0b ${body}`), readResultItem);
  assert.deepEqual(row, { o: { a: 1 } });
  assert.equal(resultMetadata(row), undefined);
});

test('ELEMENT / VERTEX / EDGE: a full record with @rid, @version, @type, @class', () => {
  const expected = { '@rid': new RecordId(10, 3), '@version': 7, '@type': 'd', '@class': 'V', x: 'y' };
  assert.deepEqual(decodeAtEveryTruncation(hex(ELEMENT_ITEM), readResultItem), expected);
  assert.deepEqual(decodeAtEveryTruncation(hex('01' + ELEMENT_ITEM.slice(2)), readResultItem), expected, 'vertex');
  assert.deepEqual(decodeAtEveryTruncation(hex('02' + ELEMENT_ITEM.slice(2)), readResultItem), expected, 'edge');
});

test('BLOB: value is a copy of the raw bytes', () => {
  const bytes = hex(BLOB_ITEM);
  const row = decodeAtEveryTruncation(bytes, readResultItem);
  assert.deepEqual(row, { '@rid': new RecordId(11, 1), '@version': 1, '@type': 'b', value: hex('aa bb cc') });
  assert.notEqual((row['value'] as Uint8Array).buffer, bytes.buffer);
});

test('identifiable items: null (-2) is an empty row, rid only (-3) a row with @rid, record (0) a full row', () => {
  assert.deepEqual(decodeAtEveryTruncation(hex('03 | ff fe'), readResultItem), {});
  assert.deepEqual(decodeAtEveryTruncation(hex('03 | ff fd | 00 05 | 00 00 00 00 00 00 00 02'), readResultItem), {
    '@rid': new RecordId(5, 2),
  });
  // a record with empty content
  assert.deepEqual(
    readResultItem(new Reader(hex('03 00 00 64 00 01 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 00'))),
    { '@rid': new RecordId(1, 0), '@version': 1, '@type': 'd' },
  );
});

test('skipResultItem lands where readResultItem does, for every item kind, at every truncation point', () => {
  for (const item of [PROJECTION_ITEM, ELEMENT_ITEM, BLOB_ITEM, '03 ff fe', '01 ff fd 00 05 00 00 00 00 00 00 00 02']) {
    const bytes = hex(item);
    decodeAtEveryTruncation(bytes, (r) => skipResultItem(r));
    const r = new Reader(hex(`${item} ${item}`));
    skipResultItem(r);
    readResultItem(r);
    assert.equal(r.remaining(), 0);
  }
});

test('malformed result items are ProtocolError', () => {
  throwsClass(() => readResultItem(new Reader(hex('05'))), ProtocolError, 'item type 5');
  throwsClass(() => skipResultItem(new Reader(hex('05'))), ProtocolError, 'skip item type 5');
  throwsClass(() => readResultItem(new Reader(hex('03 00 07'))), ProtocolError, 'class id 7');
  throwsClass(() => skipResultItem(new Reader(hex('03 00 07'))), ProtocolError, 'skip class id 7');
  throwsClass(() => readResultItem(new Reader(hex('04 ff ff ff ff'))), ProtocolError, 'null projection');
  throwsClass(() => readResultItem(new Reader(hex('04 00 00 00 01 02'))), ProtocolError, 'projection ends early');
  throwsClass(
    () => readResultItem(new Reader(hex('04 00 00 00 03 00 00 00'))),
    ProtocolError,
    'projection trailing bytes',
  );
  throwsClass(
    () => readResultItem(new Reader(hex('03 00 00 64 00 01 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 02 02 56'))),
    ProtocolError,
    'record content ends early',
  );
  throwsClass(
    () => readResultItem(new Reader(hex('03 00 00 7a 00 01 00 00 00 00 00 00 00 00 00 00 00 01 00 00 00 01 00'))),
    ProtocolError,
    'record type z',
  );
  // LINK with a cluster beyond int16 inside a projection
  throwsClass(
    () => readResultItem(new Reader(hex('04 00 00 00 09 02 02 61 0d 80 80 04 00 00'))),
    ProtocolError,
    'cluster out of range',
  );
});

test('query params: a document with no class and one EMBEDDEDMAP field "params"', () => {
  const prefix = '00 | 02 | 0c 70 61 72 61 6d 73 | 0c'; // no class, 1 field, 'params', EMBEDDEDMAP
  assert.equal(toHex(encodeQueryParams({ name: 'x' })), toHex(hex(`${prefix} | 02 | 08 6e 61 6d 65 07 02 78`)));
  assert.equal(
    toHex(encodeQueryParams(['a', 1])),
    toHex(hex(`${prefix} | 04 | 02 30 07 02 61 | 02 31 01 02`)),
    'positional: keys "0", "1"',
  );
  assert.equal(toHex(encodeQueryParams()), toHex(hex(`${prefix} | 00`)));
  assert.equal(toHex(encodeQueryParams([])), toHex(hex(`${prefix} | 00`)));
  assert.equal(
    toHex(encodeQueryParams({ r: new RecordId(1, 2), n: null })),
    toHex(hex(`${prefix} | 04 | 02 72 0d 02 04 | 02 6e ff`)),
  );
  assert.equal(
    toHex(encodeQueryParams([undefined])),
    toHex(hex(`${prefix} | 02 | 02 30 ff`)),
    'undefined positional → null',
  );
  assert.equal(
    toHex(encodeQueryParams({ d: Types.decimal('1.5') })),
    toHex(hex(`${prefix} | 02 | 02 64 15 00 00 00 01 00 00 00 01 0f`)),
  );
});

/**
 * The OType a value is written with when the caller gave none, read from the parameters document: 10 bytes of
 * header, the entry count, the key "k", then the entry's type byte (-1 for null).
 */
const inferred = (value: unknown): number => (encodeQueryParams({ k: value })[13]! << 24) >> 24;

test('inferred types: the JS → OType mapping used without explicit typing', () => {
  const cases: Array<[unknown, number]> = [
    [null, -1],
    [true, OType.BOOLEAN],
    [0, OType.INTEGER],
    [-2147483648, OType.INTEGER],
    [2147483648, OType.LONG],
    [2 ** 60, OType.LONG],
    [2 ** 64, OType.DOUBLE],
    [1.5, OType.DOUBLE],
    [-0, OType.DOUBLE],
    [NaN, OType.DOUBLE],
    [5n, OType.LONG],
    ['s', OType.STRING],
    [new Date(0), OType.DATETIME],
    [new Uint8Array(1), OType.BINARY],
    [Decimal.parse('1'), OType.DECIMAL],
    [new RecordId(1, 1), OType.LINK],
    [[new RecordId(1, 1)], OType.LINKLIST],
    [[], OType.EMBEDDEDLIST],
    [[new RecordId(1, 1), 1], OType.EMBEDDEDLIST],
    [new Set([new RecordId(1, 1)]), OType.LINKSET],
    [new Set(), OType.EMBEDDEDSET],
    [new Set([1]), OType.EMBEDDEDSET],
    [new Map(), OType.EMBEDDEDMAP],
    [{}, OType.EMBEDDEDMAP],
    [{ '@class': 'X' }, OType.EMBEDDED],
    [{ '@rid': new RecordId(3, 3), name: 'row' }, OType.LINK],
    [Types.embedded({}), OType.EMBEDDED],
    [Types.short(1), OType.SHORT],
    [new TreeLinkBag({ fileId: 1, pageIndex: 1, pageOffset: 1, size: 1 }), OType.LINKBAG],
  ];
  for (const [v, t] of cases) assert.equal(inferred(v), t, String(v));
  assert.equal(encodeQueryParams({ k: undefined })[10], 0, 'an undefined property is left out of the map');
});
