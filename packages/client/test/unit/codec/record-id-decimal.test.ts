// RecordId parsing/equality and Decimal parsing, Java-compatible text, and two's-complement bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InvalidArgumentError } from '../../../src/errors.js';
import { RecordId } from '../../../src/codec/record-id.js';
import { Decimal, bigintToBytes, bytesToBigint } from '../../../src/codec/decimal.js';
import { throwsClass, toHex } from './helpers.js';

test('RecordId.parse, toString, toJSON, from, equals', () => {
  const a = RecordId.parse('#12:0');
  assert.equal(a.cluster, 12);
  assert.equal(a.position, 0);
  assert.equal(a.toString(), '#12:0');
  assert.equal(JSON.stringify({ a }), '{"a":"#12:0"}');
  assert.ok(RecordId.parse('12:0').equals(a));
  assert.equal(RecordId.from(a), a);
  assert.ok(RecordId.from('#12:0').equals(a));
  assert.ok(!a.equals(new RecordId(12, 1)));
  assert.ok(!a.equals('#12:0'));
  const big = RecordId.parse('#3:9223372036854775807');
  assert.equal(big.position, 9223372036854775807n);
  assert.equal(big.toString(), '#3:9223372036854775807');
  assert.ok(big.equals(new RecordId(3, 2n ** 63n - 1n)));
  assert.equal(new RecordId(3, 5n).position, 5, 'safe bigint positions become numbers');
  assert.ok(new RecordId(3, 5n).equals(new RecordId(3, 5)));
});

test('RecordId flags: temporary and null', () => {
  assert.ok(RecordId.parse('#-1:-1').isTemporary);
  assert.ok(RecordId.parse('#5:-2').isTemporary);
  assert.ok(!RecordId.parse('#5:0').isTemporary);
  assert.ok(RecordId.parse('#-2:-1').isNull);
  assert.ok(!RecordId.parse('#5:-1').isNull);
});

test('RecordId rejects junk with InvalidArgumentError', () => {
  for (const s of [
    '',
    '#',
    '12',
    '#12:',
    ':0',
    '#a:1',
    '#1:2:3',
    '#1:1.5',
    '#99999999:1',
    '#1:99999999999999999999999',
  ]) {
    throwsClass(() => RecordId.parse(s), InvalidArgumentError, s);
  }
  throwsClass(() => RecordId.parse(42 as unknown as string), InvalidArgumentError, 'number');
  throwsClass(() => new RecordId(40000, 0), InvalidArgumentError, 'cluster > int16');
  throwsClass(() => new RecordId(1, 1.5), InvalidArgumentError, 'fractional position');
});

test('Decimal.parse keeps the scale; toString matches Java BigDecimal.toString', () => {
  const cases: Array<[string, bigint, number, string]> = [
    ['0', 0n, 0, '0'],
    ['-0.00', 0n, 2, '0.00'],
    ['12.50', 1250n, 2, '12.50'],
    ['-123.45', -12345n, 2, '-123.45'],
    ['.5', 5n, 1, '0.5'],
    ['5.', 5n, 0, '5'],
    ['0.000001', 1n, 6, '0.000001'],
    ['0.0000001', 1n, 7, '1E-7'],
    ['1E+3', 1n, -3, '1E+3'],
    ['1.23e5', 123n, -3, '1.23E+5'],
    ['+7', 7n, 0, '7'],
    [
      '123456789012345678901234567890.123456789',
      123456789012345678901234567890123456789n,
      9,
      '123456789012345678901234567890.123456789',
    ],
  ];
  for (const [text, unscaled, scale, str] of cases) {
    const d = Decimal.parse(text);
    assert.equal(d.unscaled, unscaled, text);
    assert.equal(d.scale, scale, text);
    assert.equal(d.toString(), str, text);
    assert.ok(Decimal.parse(d.toString()).equals(d), `${text} round-trips through toString`);
  }
  assert.equal(Decimal.parse('0.1').toNumber(), 0.1);
  assert.equal(Decimal.from(1.25).toString(), '1.25');
  assert.equal(Decimal.from(10n).toString(), '10');
  assert.equal(JSON.stringify(Decimal.parse('1.10')), '"1.10"');
  for (const junk of ['', '.', '-', '1..2', '1e', 'abc', '1,5', 'NaN'])
    throwsClass(() => Decimal.parse(junk), InvalidArgumentError, junk);
  throwsClass(() => Decimal.from(Infinity), InvalidArgumentError, 'Infinity');
});

test('Decimal text round-trips for any unscaled value and scale', () => {
  fc.assert(
    fc.property(fc.bigInt({ min: -(10n ** 60n), max: 10n ** 60n }), fc.integer({ min: -40, max: 40 }), (u, s) => {
      const d = new Decimal(u, s);
      assert.ok(Decimal.parse(d.toString()).equals(d));
    }),
  );
});

test("two's-complement bytes are minimal, as BigInteger.toByteArray", () => {
  const cases: Array<[bigint, string]> = [
    [0n, '00'],
    [1n, '01'],
    [-1n, 'ff'],
    [127n, '7f'],
    [128n, '00 80'],
    [-128n, '80'],
    [-129n, 'ff 7f'],
    [255n, '00 ff'],
    [256n, '01 00'],
    [-12345n, 'cf c7'],
    [2n ** 63n, '00 80 00 00 00 00 00 00 00'],
  ];
  for (const [v, h] of cases) {
    assert.equal(toHex(bigintToBytes(v)), h, String(v));
    assert.equal(bytesToBigint(bigintToBytes(v)), v, String(v));
  }
  fc.assert(
    fc.property(fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n }), (v) => bytesToBigint(bigintToBytes(v)) === v),
  );
});
