// DATE values in the database's time zone: 00:00 of the day there on read, the day a Date falls on there
// on write, across daylight-saving changes, in zones ahead of and behind UTC, and a zone whose clocks
// jumped over midnight. Expected instants are written out by hand from the zones' published rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DateZone } from '../../../src/codec/date-zone.js';
import { readDocument } from '../../../src/codec/document.js';
import { Reader } from '../../../src/codec/reader.js';
import { Types } from '../../../src/codec/typed.js';
import { writeDocumentBody } from '../../../src/codec/value-writer.js';
import { Writer } from '../../../src/codec/writer.js';
import { TimeZoneError } from '../../../src/errors.js';

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;
const at = (iso: string) => Date.parse(iso);

const MIDNIGHTS: Array<[zone: string, date: string, instant: string]> = [
  ['UTC', '2024-07-01', '2024-07-01T00:00:00Z'],
  ['Europe/London', '2024-01-15', '2024-01-15T00:00:00Z'],
  ['Europe/London', '2024-07-01', '2024-06-30T23:00:00Z'],
  // Clocks go forward at 01:00 GMT: midnight is still GMT. Back at 02:00 BST: midnight is BST.
  ['Europe/London', '2024-03-31', '2024-03-31T00:00:00Z'],
  ['Europe/London', '2024-10-27', '2024-10-26T23:00:00Z'],
  ['America/Los_Angeles', '2024-01-15', '2024-01-15T08:00:00Z'],
  ['America/Los_Angeles', '2024-03-10', '2024-03-10T08:00:00Z'],
  ['America/Los_Angeles', '2024-03-11', '2024-03-11T07:00:00Z'],
  ['America/Los_Angeles', '2024-11-03', '2024-11-03T07:00:00Z'],
  ['Asia/Kolkata', '2024-07-01', '2024-06-30T18:30:00Z'],
  ['Asia/Kolkata', '1969-12-31', '1969-12-30T18:30:00Z'],
  // São Paulo's clocks went from 00:00 to 01:00 on 2018-11-04: that day began at 01:00 (-02:00).
  ['America/Sao_Paulo', '2018-11-04', '2018-11-04T03:00:00Z'],
  ['GMT+05:30', '2024-07-01', '2024-06-30T18:30:00Z'],
  ['GMT-8', '2024-07-01', '2024-07-01T08:00:00Z'],
];

for (const [zone, date, instant] of MIDNIGHTS) {
  test(`${zone}: ${date} begins at ${instant}, and that instant is on ${date} there`, () => {
    const z = DateZone.of(zone);
    assert.equal(new Date(z.midnight(day(date))).toISOString(), new Date(at(instant)).toISOString());
    assert.equal(z.dayOf(at(instant)), day(date));
    assert.equal(z.dayOf(at(instant) - 1), day(date) - 1, 'the ms before midnight is the day before');
  });
}

test('every day of 2023-2025 in four zones: the day of its midnight is itself, the ms before is the day before', () => {
  for (const zone of ['Europe/London', 'America/Los_Angeles', 'Asia/Kolkata', 'Australia/Lord_Howe']) {
    const z = DateZone.of(zone);
    for (let d = day('2023-01-01'); d <= day('2025-12-31'); d++) {
      const m = z.midnight(d);
      assert.equal(z.dayOf(m), d, `${zone} day ${d}`);
      assert.equal(z.dayOf(m - 1), d - 1, `${zone} day ${d} - 1 ms`);
    }
  }
});

test('every day of 1990-2030 in London and Los Angeles, checked against Intl itself: its midnight reads 00:00 of that date there', () => {
  for (const timeZone of ['Europe/London', 'America/Los_Angeles']) {
    const z = DateZone.of(timeZone);
    const format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    for (let d = day('1990-01-01'); d <= day('2030-12-31'); d++) {
      const date = new Date(d * 86_400_000).toISOString().slice(0, 10);
      const m = z.midnight(d);
      assert.equal(format.format(m), `${date}, 00:00`, `${timeZone} ${date}`);
      assert.notEqual(
        format.format(m - 60_000).slice(0, 10),
        date,
        `${timeZone} ${date}: the minute before is the day before`,
      );
    }
  }
});

test('a zone the runtime does not know: DATE conversions throw TimeZoneError naming it and what to check', () => {
  const z = DateZone.of('Mars/Olympus_Mons');
  assert.throws(
    () => z.midnight(0),
    (e: unknown) =>
      e instanceof TimeZoneError &&
      e.code === 'ERR_TIME_ZONE' &&
      /Mars\/Olympus_Mons.*ALTER DATABASE TIMEZONE/.test(e.message),
  );
});

function roundTrip(
  fields: Record<string, unknown>,
  zone: DateZone | undefined,
  readZone: DateZone | null | 'same' = 'same',
): Record<string, unknown> {
  const w = new Writer();
  w.dateZone = zone;
  writeDocumentBody(w, fields, '', 0);
  const r = new Reader(w.finish().slice());
  r.dateZone = readZone === 'same' ? zone : (readZone ?? undefined);
  return readDocument(r);
}

test('a DATE read back in its zone writes back as the same day; a YYYY-MM-DD is that day in any zone', () => {
  const la = DateZone.of('America/Los_Angeles');
  const read = roundTrip({ d: Types.date('2024-03-10') }, la);
  assert.equal((read.d as Date).toISOString(), '2024-03-10T08:00:00.000Z');
  const again = roundTrip({ d: Types.date(read.d as Date) }, la);
  assert.equal((again.d as Date).toISOString(), '2024-03-10T08:00:00.000Z');
  // 2024-03-10T03:00Z is still 2024-03-09 in Los Angeles: the day it falls on there, not its UTC day.
  const evening = roundTrip({ d: Types.date(new Date('2024-03-10T03:00:00Z')) }, la);
  assert.equal((evening.d as Date).toISOString(), '2024-03-09T08:00:00.000Z');
  // Without a database (no zone): UTC, as a bare codec has always read it.
  assert.equal(
    (roundTrip({ d: Types.date('2024-03-10') }, undefined).d as Date).toISOString(),
    '2024-03-10T00:00:00.000Z',
  );
});

test('a DATETIME is an instant: the same ms whatever the zone', () => {
  const t = new Date('2024-10-27T01:30:00.123Z');
  for (const zone of [undefined, DateZone.of('Europe/London'), DateZone.of('Asia/Kolkata')])
    assert.equal((roundTrip({ t }, zone).t as Date).getTime(), t.getTime());
});

test("a Date written as a DATE before the session learned its zone: TimeZoneError, nothing guessed; 'YYYY-MM-DD' needs no zone", () => {
  assert.throws(
    () => roundTrip({ d: Types.date(new Date()) }, DateZone.NOT_LEARNED),
    (e: unknown) => e instanceof TimeZoneError && /first call.*'YYYY-MM-DD'/.test(e.message),
  );
  const written = roundTrip({ d: Types.date('2024-07-01') }, DateZone.NOT_LEARNED, null);
  assert.equal((written.d as Date).toISOString(), '2024-07-01T00:00:00.000Z');
});
