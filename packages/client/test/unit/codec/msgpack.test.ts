// The client's msgpack subset: hand-written hex fixtures, byte-for-byte agreement with msgpackr (a
// reference codec) both ways, and ProtocolError for truncated, unsupported, hostile or arbitrary input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { Packr, Unpackr, pack } from 'msgpackr';
import { ProtocolError } from '../../../src/errors.js';
import { decodeMsgpack, encodeMsgpack, type MsgpackValue } from '../../../src/codec/msgpack.js';

/** The nesting limit both sides keep (msgpack.ts), stated here so that a change to it is a visible one. */
const MAX_DEPTH = 32;

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (b) => parseInt(b, 16));
const toHex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
/** msgpackr as a third-party peer would set it up: maps as plain objects, no records extension. */
const bridgePackr = new Packr({ useRecords: false, variableMapSize: true });
const bridgeUnpackr = new Unpackr({ mapsAsObjects: true, useRecords: false, moreTypes: false, int64AsType: 'number' });

const WELCOME_HEX =
  '85 a176 01 a8726573756d654964 b6' +
  '41'.repeat(22) +
  ' a7726573756d6564 c3 a8757073747265616d a764656661756c74' +
  ' a66c696d697473 83 aa6d61785061796c6f6164 ce00100000 ad69646c6554696d656f75744d73 cdea60 ab7061726b47726163654d73 00';
const WELCOME = {
  v: 1,
  resumeId: 'A'.repeat(22),
  resumed: true,
  upstream: 'default',
  limits: { maxPayload: 1048576, idleTimeoutMs: 60000, parkGraceMs: 0 },
};

const FIXTURES: Array<[MsgpackValue, string]> = [
  [null, 'c0'],
  [false, 'c2'],
  [true, 'c3'],
  [0, '00'],
  [127, '7f'],
  [128, 'cc80'],
  [255, 'ccff'],
  [256, 'cd0100'],
  [65535, 'cdffff'],
  [65536, 'ce00010000'],
  [4294967295, 'ceffffffff'],
  [-1, 'ff'],
  [-32, 'e0'],
  [-33, 'd0df'],
  [-128, 'd080'],
  [-129, 'd1ff7f'],
  [-32768, 'd18000'],
  [-32769, 'd2ffff7fff'],
  [-2147483648, 'd280000000'],
  [1.5, 'cb3ff8000000000000'],
  [4294967296, 'cb41f0000000000000'],
  [-2147483649, 'cbc1e0000000200000'],
  ['', 'a0'],
  ['a', 'a161'],
  ['é', 'a2c3a9'],
  ['x'.repeat(31), 'bf' + '78'.repeat(31)],
  ['x'.repeat(32), 'd920' + '78'.repeat(32)],
  ['x'.repeat(256), 'da0100' + '78'.repeat(256)],
  ['x'.repeat(65536), 'db00010000' + '78'.repeat(65536)],
  [[], '90'],
  [[1, 'a', null], '9301a161c0'],
  [Array(16).fill(true), 'dc0010' + 'c3'.repeat(16)],
  [Array(65536).fill(null), 'dd00010000' + 'c0'.repeat(65536)],
  [{}, '80'],
  [{ v: 1, resume: 'abc' }, '82 a176 01 a6726573756d65 a3616263'],
  [{ a: { b: [] } }, '81 a161 81 a162 90'],
  [
    Object.fromEntries(Array.from({ length: 16 }, (_, i) => [String.fromCharCode(97 + i), i])),
    'de0010' +
      Array.from({ length: 16 }, (_, i) => `a1${(97 + i).toString(16)}${i.toString(16).padStart(2, '0')}`).join(''),
  ],
  [WELCOME, WELCOME_HEX],
];

test('hex fixtures encode to the preferred (smallest) form and decode back', () => {
  for (const [value, bytes] of FIXTURES) {
    assert.equal(toHex(encodeMsgpack(value)), toHex(hex(bytes)), `encode ${JSON.stringify(value).slice(0, 40)}`);
    assert.deepEqual(decodeMsgpack(hex(bytes)), value);
  }
});

test('non-preferred forms, float32 and an offset view decode', () => {
  const cases: Array<[string, MsgpackValue]> = [
    ['ca3fc00000', 1.5],
    ['cb7ff0000000000000', Infinity],
    ['cc01', 1],
    ['cd0001', 1],
    ['ce00000001', 1],
    ['d0ff', -1],
    ['d1ffff', -1],
    ['d2ffffffff', -1],
    ['d903616263', 'abc'],
    ['da0001 61', 'a'],
    ['db00000001 61', 'a'],
    ['dc0001c3', [true]],
    ['dd00000000', []],
    ['de0001 a176 01', { v: 1 }],
    ['df00000001 a176 01', { v: 1 }],
    ['82 a161 01 a161 02', { a: 2 }],
  ];
  for (const [bytes, value] of cases) assert.deepEqual(decodeMsgpack(hex(bytes)), value, bytes);
  assert.ok(Number.isNaN(decodeMsgpack(hex('cb7ff8000000000000'))));
  const padded = hex('ffff' + WELCOME_HEX + 'ffff');
  assert.deepEqual(decodeMsgpack(padded.subarray(2, padded.length - 2)), WELCOME);
});

function assertProtocolError(bytes: Uint8Array, what: string): void {
  assert.throws(
    () => decodeMsgpack(bytes),
    (e: unknown) => e instanceof ProtocolError && e.code === 'ERR_PROTOCOL',
    what,
  );
}

test('types outside the subset, bad keys, bad UTF-8 and trailing bytes are ProtocolErrors', () => {
  const bad = [
    '',
    'c1',
    'c402ff',
    'c50002ff',
    'c600000002ff',
    'c70100ff',
    'c8000100ff',
    'c900000001 00ff',
    'cf0000000000000001',
    'd30000000000000001',
    'd40000',
    'd50000ff',
    'd600000000ff',
    'd700' + '00'.repeat(8),
    'd800' + '00'.repeat(16),
    '810102',
    '81c0c0',
    '81a0 c1',
    '819001',
    '81 a95f5f70726f746f5f5f 01',
    'a1ff',
    'a2c3',
    'a3eda080',
    'c0c0',
    '8100',
    '9100c0',
  ];
  for (const b of bad) assertProtocolError(hex(b), b);
});

test('binary (the resume token of a hello) takes its smallest form and reads back as a copy', () => {
  const short = Uint8Array.from({ length: 200 }, (_, i) => i);
  const encoded = encodeMsgpack({ token: short });
  assert.deepEqual([...encoded.subarray(0, 9)], [0x81, 0xa5, 0x74, 0x6f, 0x6b, 0x65, 0x6e, 0xc4, 200]);
  const back = decodeMsgpack(encoded) as { token: Uint8Array };
  assert.deepEqual([...back.token], [...short]);
  assert.notEqual(back.token.buffer, encoded.buffer, 'not a view of the input');
  const long = new Uint8Array(300).fill(7);
  assert.deepEqual([...encodeMsgpack(long).subarray(0, 3)], [0xc5, 1, 44]);
  assert.deepEqual([...(decodeMsgpack(encodeMsgpack(long)) as Uint8Array)], [...long]);
});

test('declared lengths beyond the input are refused before any allocation', () => {
  for (const b of [
    'dbffffffff',
    'ddffffffff',
    'dfffffffff',
    'dcffff',
    'deffff',
    'daffff61',
    'd9ff61',
    '9f',
    '8f',
    'bf',
    'dd00000002c0',
    'df00000001a161',
  ]) {
    assertProtocolError(hex(b), b);
  }
  for (const [b, n] of [
    ['ddffffffff', 4294967295],
    ['dfffffffff' + '00'.repeat(64), 4294967295],
    ['dcffff', 65535],
    ['dd00000002c0', 2],
  ] as const) {
    assert.throws(() => decodeMsgpack(hex(b)), new RegExp(`length ${n} at byte 0 exceeds the input`), b);
  }
});

test(`nesting deeper than ${MAX_DEPTH} is refused on both sides, at the limit accepted`, () => {
  const nested = (n: number): MsgpackValue => (n === 0 ? null : [nested(n - 1)]);
  const nestedMap = (n: number): MsgpackValue => (n === 0 ? 1 : { a: nestedMap(n - 1) });
  assert.deepEqual(decodeMsgpack(hex('91'.repeat(MAX_DEPTH) + 'c0')), nested(MAX_DEPTH));
  assert.deepEqual(decodeMsgpack(hex('81a161'.repeat(MAX_DEPTH) + '01')), nestedMap(MAX_DEPTH));
  assertProtocolError(hex('91'.repeat(MAX_DEPTH + 1) + 'c0'), 'arrays');
  assertProtocolError(hex('81a161'.repeat(MAX_DEPTH + 1) + '01'), 'maps');
  assertProtocolError(hex('91'.repeat(100_000) + 'c0'), 'very deep');
  assert.equal(toHex(encodeMsgpack(nested(MAX_DEPTH))), '91'.repeat(MAX_DEPTH) + 'c0');
  assert.throws(() => encodeMsgpack(nested(MAX_DEPTH + 1)), ProtocolError);
  assert.throws(() => encodeMsgpack(nestedMap(MAX_DEPTH + 1)), ProtocolError);
});

test('values outside the subset are refused on encode', () => {
  const values: unknown[] = [
    undefined,
    1n,
    Symbol('s'),
    () => 1,
    new Map(),
    new Date(0),
    Object.create(null),
    { a: undefined },
    [undefined],
  ];
  for (const v of values) assert.throws(() => encodeMsgpack(v as MsgpackValue), ProtocolError, String(typeof v));
});

const key = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((k) => k !== '__proto__');
/** Values of the subset; `width` bounds arrays and maps (above 15 they take the 16-bit forms). */
function values(width: number, longStrings: boolean): fc.Arbitrary<MsgpackValue> {
  const scalar: fc.Arbitrary<MsgpackValue> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -(2 ** 31), max: 2 ** 32 - 1 }),
    fc.integer({ min: -40000, max: 70000 }),
    fc.double().filter((x) => !Object.is(x, -0)),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    longStrings ? fc.string({ unit: 'grapheme-ascii', minLength: 250, maxLength: 300 }) : fc.constant(''),
  );
  return fc.letrec<{ value: MsgpackValue }>((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      scalar,
      fc.array(tie('value'), { maxLength: width }),
      fc.dictionary(key, tie('value'), { maxKeys: width, noNullPrototype: true }),
    ),
  })).value;
}
const anyValue = values(18, true);
const smallValue = values(5, false);

test("our bytes equal msgpackr's (as the bridge packs) and each side decodes the other", () => {
  fc.assert(
    fc.property(anyValue, (value) => {
      const ours = encodeMsgpack(value);
      assert.equal(toHex(ours), toHex(bridgePackr.pack(value)));
      assert.deepEqual(bridgeUnpackr.unpack(ours), value);
      assert.deepEqual(decodeMsgpack(bridgePackr.pack(value)), value);
      assert.deepEqual(decodeMsgpack(pack(value)), value);
    }),
    { numRuns: 400 },
  );
});

test('every proper prefix of a valid encoding is a ProtocolError, never a RangeError', () => {
  const check = (bytes: Uint8Array) => {
    for (let i = 0; i < bytes.length; i++)
      assertProtocolError(bytes.subarray(0, i), `prefix ${i} of ${toHex(bytes).slice(0, 40)}`);
  };
  check(hex(WELCOME_HEX));
  for (const [, b] of FIXTURES) if (b.length < 2000) check(hex(b));
  fc.assert(
    fc.property(smallValue, (value) => check(bridgePackr.pack(value))),
    { numRuns: 200 },
  );
});

test('arbitrary and corrupted bytes give a value or a ProtocolError, nothing else', () => {
  const decodeOrProtocolError = (bytes: Uint8Array) => {
    try {
      decodeMsgpack(bytes);
    } catch (e) {
      assert.ok(e instanceof ProtocolError, `${String(e)} for ${toHex(bytes)}`);
    }
  };
  fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), decodeOrProtocolError), { numRuns: 2000 });
  fc.assert(
    fc.property(anyValue, fc.nat(), fc.integer({ min: 0, max: 255 }), (value, at, byte) => {
      const bytes = encodeMsgpack(value).slice();
      bytes[at % bytes.length] = byte;
      decodeOrProtocolError(bytes);
    }),
    { numRuns: 1000 },
  );
});
