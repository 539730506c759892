// Values that cannot be written as the requested OType are InvalidArgumentError, never a corrupt payload,
// a RangeError or a TypeError; cyclic and over-deep values included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InvalidArgumentError, ProtocolError } from '../../../src/errors.js';
import { readDocument, writeDocument } from '../../../src/codec/document.js';
import { encodeQueryParams } from '../../../src/codec/params.js';
import { Reader } from '../../../src/codec/reader.js';
import { Typed, Types, typed } from '../../../src/codec/typed.js';
import { OType } from '../../../src/codec/types.js';
import { Writer } from '../../../src/codec/writer.js';
import { hex, throwsClass } from './helpers.js';

const write = (v: unknown) => () => writeDocument(new Writer(), { v });

test('out-of-range or wrongly typed values for an explicit OType', () => {
  const cases: Array<[string, unknown]> = [
    ['SHORT 40000', Types.short(40000)],
    ['SHORT 1.5', Types.short(1.5)],
    ['INTEGER 2^31', Types.integer(2 ** 31)],
    ['BYTE 300', Types.byte(300)],
    ['LONG 1.5', Types.long(1.5)],
    ['LONG 2^63n', Types.long(2n ** 63n)],
    ['BOOLEAN "yes"', typed(OType.BOOLEAN, 'yes')],
    ['FLOAT "1"', typed(OType.FLOAT, '1')],
    ['DOUBLE 1n', typed(OType.DOUBLE, 1n)],
    ['DATETIME invalid Date', Types.datetime(new Date(NaN))],
    ['DATETIME string', typed(OType.DATETIME, '2020-01-01')],
    ['STRING object', typed(OType.STRING, {})],
    ['BINARY string', typed(OType.BINARY, 'abc')],
    ['EMBEDDED number', typed(OType.EMBEDDED, 1)],
    ['EMBEDDEDLIST number', typed(OType.EMBEDDEDLIST, 1)],
    ['EMBEDDEDMAP array', typed(OType.EMBEDDEDMAP, [1])],
    ['LINK junk string', typed(OType.LINK, 'nope')],
    ['LINK number', typed(OType.LINK, 5)],
    ['LINKLIST of numbers', typed(OType.LINKLIST, [1])],
    ['DECIMAL junk', typed(OType.DECIMAL, 'x1')],
    ['CUSTOM without bytes', typed(OType.CUSTOM, { className: 'x' })],
    ['unknown OType id', typed(99, 1)],
    ['unknown item type', new Typed(OType.EMBEDDEDLIST, [1], { itemType: 42 })],
    ['item type -1 (null)', Types.embeddedList([1], -1)],
    ['bad date text', Types.date('2020-1-1')],
    ['function', () => 1],
    ['symbol', Symbol('s')],
  ];
  for (const [name, v] of cases) throwsClass(write(v), InvalidArgumentError, name);
  throwsClass(() => Types.link('12'), InvalidArgumentError, 'bad rid text');
});

test('cyclic and over-deep values are InvalidArgumentError', () => {
  const a: Record<string, unknown> = { x: 1 };
  a['self'] = a;
  throwsClass(write(a), InvalidArgumentError, 'cyclic map');
  const list: unknown[] = [];
  list.push(list);
  throwsClass(write(list), InvalidArgumentError, 'cyclic list');
  throwsClass(() => encodeQueryParams({ a }), InvalidArgumentError, 'cyclic params');
  let deep: unknown = 1;
  for (let i = 0; i < 5000; i++) deep = [deep];
  throwsClass(write(deep), InvalidArgumentError, '5000 levels');
});

test('over-deep input bytes are ProtocolError, not a stack overflow', () => {
  // no class, 1 field 'x', then 100 000 nested one-item EMBEDDEDLISTs (0a 02) around a STRING 'z'
  const parts = ['00 02 02 78', '0a 02'.repeat(100000), '07 02 7a'];
  throwsClass(() => readDocument(new Reader(hex(parts.join(' ')))), ProtocolError, 'deep lists');
});

test('writing does not mutate the value and undefined object entries are skipped', () => {
  const v = { a: 1, b: undefined, c: [undefined] };
  const w = new Writer();
  writeDocument(w, { v });
  assert.deepEqual(v, { a: 1, b: undefined, c: [undefined] });
  assert.deepEqual(readDocument(new Reader(w.finish())), { v: { a: 1, c: [null] } });
});
