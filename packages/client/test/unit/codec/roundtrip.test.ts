// fast-check properties: every OType encodes then decodes to the expected JS value (edge values included),
// varints/longs/strings round-trip, and arbitrary or corrupted bytes only ever raise the codec's own errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FrameTooLargeError, ProtocolError } from '../../../src/errors.js';
import { readDocument, writeDocument } from '../../../src/codec/document.js';
import { Decimal } from '../../../src/codec/decimal.js';
import { Incomplete, Reader } from '../../../src/codec/reader.js';
import { RecordId } from '../../../src/codec/record-id.js';
import { readResultItem, skipResultItem } from '../../../src/codec/result.js';
import { Types } from '../../../src/codec/typed.js';
import { Writer } from '../../../src/codec/writer.js';

interface Pair {
  input: unknown;
  expected: unknown;
}
const same = (v: unknown): Pair => ({ input: v, expected: v });
const SAFE = BigInt(Number.MAX_SAFE_INTEGER);
const norm = (b: bigint) => (b >= -SAFE && b <= SAFE ? Number(b) : b);
const INT64 = { min: -(2n ** 63n), max: 2n ** 63n - 1n };
const LONG_EDGES = [
  2n ** 63n - 1n,
  -(2n ** 63n),
  2n ** 53n - 1n,
  2n ** 53n,
  2n ** 53n + 1n,
  -(2n ** 53n) + 1n,
  -(2n ** 53n),
  -(2n ** 53n) - 1n,
  0n,
  -1n,
  2n ** 31n,
  -(2n ** 31n) - 1n,
];
const text = fc.string({ unit: 'binary', maxLength: 40 });
const fieldName = fc.string({ unit: 'binary', maxLength: 12 }).filter((k) => !k.startsWith('@'));

const rid = fc.tuple(fc.integer({ min: -1, max: 32767 }), fc.bigInt(INT64)).map(([c, p]) => new RecordId(c, p));

const scalar: fc.Arbitrary<Pair> = fc.oneof(
  fc.constant(same(null)),
  fc.boolean().map(same),
  fc.integer().map(same),
  fc.integer({ min: -32768, max: 32767 }).map((n) => ({ input: Types.short(n), expected: n })),
  fc.integer({ min: -128, max: 127 }).map((n) => ({ input: Types.byte(n), expected: n })),
  fc.oneof(fc.bigInt(INT64), fc.constantFrom(...LONG_EDGES)).map((b) => ({ input: b, expected: norm(b) })),
  fc
    .oneof(fc.bigInt(INT64), fc.constantFrom(...LONG_EDGES))
    .map((b) => ({ input: Types.long(norm(b)), expected: norm(b) })),
  fc.maxSafeInteger().map(same),
  fc.float().map((f) => ({ input: Types.float(f), expected: f })),
  fc.double().map((d) => ({ input: Types.double(d), expected: d })),
  fc.double().map((d) => ({
    input: d,
    expected:
      Number.isInteger(d) && !Object.is(d, -0) && Math.abs(d) < 2 ** 63 && !Number.isSafeInteger(d) ? BigInt(d) : d,
  })),
  fc.date({ noInvalidDate: true }).map(same),
  fc
    .integer({ min: -100_000_000, max: 100_000_000 })
    .map((days) => ({ input: Types.date(new Date(days * 86400000)), expected: new Date(days * 86400000) })),
  text.map(same),
  fc.uint8Array({ maxLength: 40 }).map(same),
  fc
    .tuple(
      fc.oneof(fc.bigInt({ min: -(10n ** 80n), max: 10n ** 80n }), fc.bigInt({ min: -100n, max: 100n })),
      fc.integer({ min: -2147483648, max: 2147483647 }),
    )
    .map(([u, s]) => same(new Decimal(u, s))),
  rid.map(same),
  fc.array(fc.option(rid), { maxLength: 5 }).map((l) => ({ input: Types.linkList(l), expected: l })),
  fc.array(fc.option(rid), { maxLength: 5 }).map((l) => ({ input: Types.linkSet(l), expected: l })),
  fc.array(rid, { maxLength: 5 }).map((l) => ({ input: Types.linkBag(l), expected: l })),
  fc.dictionary(text, fc.option(rid), { maxKeys: 4 }).map((m) => ({ input: Types.linkMap(m), expected: { ...m } })),
);

const { value } = fc.letrec<{ value: Pair; container: Pair }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('container')),
  container: fc.oneof(
    fc
      .array(tie('value'), { maxLength: 4 })
      .map((ps) => ({ input: Types.embeddedList(ps.map((p) => p.input)), expected: ps.map((p) => p.expected) })),
    fc
      .array(tie('value'), { maxLength: 4 })
      .map((ps) => ({ input: Types.embeddedSet(ps.map((p) => p.input)), expected: ps.map((p) => p.expected) })),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }).map((d) => ({
      input: Types.embeddedMap(Object.fromEntries(Object.entries(d).map(([k, p]) => [k, p.input]))),
      expected: Object.fromEntries(Object.entries(d).map(([k, p]) => [k, p.expected])),
    })),
    fc
      .tuple(
        fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 10 })),
        fc.dictionary(fieldName, tie('value'), { maxKeys: 4 }),
      )
      .map(([cls, d]) => ({
        input: Types.embedded(Object.fromEntries(Object.entries(d).map(([k, p]) => [k, p.input])), cls ?? undefined),
        expected: {
          ...(cls ? { '@class': cls } : {}),
          ...Object.fromEntries(Object.entries(d).map(([k, p]) => [k, p.expected])),
        },
      })),
  ),
}));

test('documents of every type round-trip (encode → decode)', () => {
  fc.assert(
    fc.property(
      fc.option(fc.string({ unit: 'binary', minLength: 1, maxLength: 10 })),
      fc.dictionary(fieldName, value, { maxKeys: 6 }),
      (cls, fields) => {
        const w = new Writer(16);
        writeDocument(w, Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, p.input])), cls ?? undefined);
        const bytes = w.finish();
        const r = new Reader(bytes);
        const doc = readDocument(r);
        assert.equal(r.pos, bytes.length);
        assert.deepStrictEqual(doc, {
          ...(cls ? { '@class': cls } : {}),
          ...Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, p.expected])),
        });
      },
    ),
    { numRuns: 400 },
  );
});

test('varints and int64s round-trip for every int64 and safe number', () => {
  fc.assert(
    fc.property(fc.oneof(fc.bigInt(INT64), fc.constantFrom(...LONG_EDGES)), (b) => {
      const w = new Writer(4).varint(b).long(b).varint(norm(b)).long(norm(b));
      const r = new Reader(w.finish());
      assert.equal(r.varint(), norm(b));
      assert.equal(r.long(), norm(b));
      assert.equal(r.varint(), norm(b));
      assert.equal(r.longBig(), b);
      assert.equal(r.remaining(), 0);
    }),
    { numRuns: 1000 },
  );
});

test('strings round-trip through both string layouts, including non-BMP characters', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => {
      const r = new Reader(new Writer(1).varString(s).string(s).finish());
      assert.equal(r.varString(), s);
      assert.equal(r.string(), s);
    }),
    { numRuns: 500 },
  );
});

test('a real Set round-trips as EMBEDDEDSET (decoded to an array); an empty string and empty collections too', () => {
  const w = new Writer();
  writeDocument(w, { s: new Set(['a', 1]), e: '', l: [], m: {}, ls: Types.linkSet([]) });
  assert.deepStrictEqual(readDocument(new Reader(w.finish())), { s: ['a', 1], e: '', l: [], m: {}, ls: [] });
});

const allowed = (e: unknown) =>
  e instanceof Incomplete || e instanceof ProtocolError || e instanceof FrameTooLargeError;

test('arbitrary bytes: decoders throw only Incomplete, ProtocolError or FrameTooLargeError', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 80 }), (bytes) => {
      for (const decode of [readDocument, readResultItem, skipResultItem]) {
        try {
          decode(new Reader(bytes));
        } catch (e) {
          assert.ok(allowed(e), `${decode.name}: ${String(e)}`);
        }
      }
      // the same bytes as a projection's OResult
      const item = new Uint8Array(5 + bytes.length);
      item[0] = 4;
      new DataView(item.buffer).setInt32(1, bytes.length);
      item.set(bytes, 5);
      try {
        readResultItem(new Reader(item));
      } catch (e) {
        assert.ok(allowed(e), `projection: ${String(e)}`);
      }
    }),
    { numRuns: 3000 },
  );
});

test('corrupted valid documents: one changed byte never escapes as RangeError/TypeError', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fieldName, value, { minKeys: 1, maxKeys: 4 }),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
      (fields, at, byte) => {
        const w = new Writer();
        writeDocument(w, Object.fromEntries(Object.entries(fields).map(([k, p]) => [k, p.input])));
        const bytes = w.finish().slice();
        bytes[at % bytes.length] = byte;
        try {
          readDocument(new Reader(bytes));
        } catch (e) {
          assert.ok(allowed(e), String(e));
        }
      },
    ),
    { numRuns: 1500 },
  );
});
