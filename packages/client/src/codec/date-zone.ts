// The database's time zone, in which OrientDB places a DATE. A DATE is a calendar day, sent as days
// since 1970-01-01; OrientDB's own clients read it as 00:00 of that day in the database's time zone
// (the storage configuration's timeZone, which DB_RELOAD reports) and write a Date as the day it falls
// on there. This module does both conversions with the runtime's Intl, so the zone's rules (daylight
// saving, historic offsets) are the runtime's tz data.
import { TimeZoneError } from '../errors.js';

const MS_PER_DAY = 86_400_000;
const MS_PER_WEEK = 7 * MS_PER_DAY;
/** Days (and weeks) cached per zone; rows repeat dates, and formatToParts costs microseconds. */
const CACHE_LIMIT = 4096;
/** Java's custom zone ids: GMT+5, GMT-08:00, UTC+0530. */
const FIXED_OFFSET = /^(?:GMT|UTC)([+-])(\d{1,2})(?::?(\d{2}))?$/;

/** Wall-clock reading of an instant in a zone, as if that reading were UTC (ms). */
type WallClock = (ms: number) => number;

export class DateZone {
  /** The zone's id as the database names it (e.g. 'Europe/London'). */
  readonly id: string;
  readonly #wall: WallClock | undefined;
  /** Why DATEs cannot be placed in this zone, when they cannot. */
  readonly #problem: string | undefined;
  readonly #midnights = new Map<number, number>();

  /** Use DateZone.of(id), which keeps one zone per id. */
  constructor(id: string, wall: WallClock | undefined, problem?: string) {
    this.id = id;
    this.#wall = wall;
    this.#problem = problem;
  }

  static readonly UTC = new DateZone('UTC', (ms) => ms);

  /**
   * Stands for the zone of a database session that has not made its first call yet. Only the record
   * encoder meets it (value-writer.ts, loaded on first use), and its TimeZoneError says so.
   */
  static readonly NOT_LEARNED = new DateZone('', undefined);

  /** The zone a database names; an id the runtime does not know gives a zone whose DATE conversions throw TimeZoneError. */
  static of(id: string): DateZone {
    let zone = zones.get(id);
    if (!zone) {
      zone = createZone(id);
      zones.set(id, zone);
    }
    return zone;
  }

  /** 00:00 in this zone of the calendar day `days` after 1970-01-01 (ms since the epoch). */
  midnight(days: number): number {
    const wall = this.#checked();
    const cached = this.#midnights.get(days);
    if (cached !== undefined) return cached;
    const local = days * MS_PER_DAY;
    // Offsets change months apart, so a day either side gives the offsets on both sides of any change
    // near this midnight: midnight is `local` minus one of them.
    const early = local - offsetAt(wall, local - MS_PER_DAY);
    const late = local - offsetAt(wall, local + MS_PER_DAY);
    let at: number;
    if (wall(early) === local) at = wall(late) === local ? Math.min(early, late) : early;
    else if (wall(late) === local) at = late;
    // The clocks jumped over midnight that day: the day starts when they land, as Java's calendar has it.
    else at = Math.max(early, late);
    if (this.#midnights.size >= CACHE_LIMIT) this.#midnights.clear();
    this.#midnights.set(days, at);
    return at;
  }

  /** The calendar day (days after 1970-01-01) on which the instant `ms` falls in this zone. */
  dayOf(ms: number): number {
    return Math.floor(this.#checked()(ms) / MS_PER_DAY);
  }

  #checked(): WallClock {
    if (this.#wall) return this.#wall;
    throw new TimeZoneError(this.#problem ?? `no rules for the time zone "${this.id}"`);
  }
}

const zones = new Map<string, DateZone>();

function offsetAt(wall: WallClock, ms: number): number {
  return wall(ms) - ms;
}

function createZone(id: string): DateZone {
  const fixed = FIXED_OFFSET.exec(id);
  if (fixed) {
    const minutes = Number(fixed[2]) * 60 + Number(fixed[3] ?? 0);
    const offset = (fixed[1] === '-' ? -minutes : minutes) * 60_000;
    return new DateZone(id, (ms) => ms + offset);
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      era: 'short',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return new DateZone(
      id,
      undefined,
      `the database's time zone "${id}" is not one this runtime knows (${why}), so a DATE cannot be placed in it; ` +
        'check the database\'s time zone (ALTER DATABASE TIMEZONE with an IANA name such as "Europe/London")',
    );
  }
  if (format.resolvedOptions().timeZone === 'UTC') return new DateZone(id, (ms) => ms);
  return new DateZone(
    id,
    weekly((ms) => wallClock(format, ms)),
  );
}

/**
 * The wall clock from the offsets at the week boundaries either side of `ms` when they agree, so that
 * Intl runs about once per week of dates instead of several times per date (a century of distinct
 * birthdays: ~5,000 calls, not ~100,000); near an offset change it runs for the instant itself. Only a
 * zone that changed its offset and changed it back within one week would read differently.
 */
function weekly(exact: WallClock): WallClock {
  const offsets = new Map<number, number>();
  const offsetAtWeek = (week: number): number => {
    let offset = offsets.get(week);
    if (offset === undefined) {
      if (offsets.size >= CACHE_LIMIT) offsets.clear();
      offset = exact(week * MS_PER_WEEK) - week * MS_PER_WEEK;
      offsets.set(week, offset);
    }
    return offset;
  };
  return (ms) => {
    const week = Math.floor(ms / MS_PER_WEEK);
    const offset = offsetAtWeek(week);
    return offset === offsetAtWeek(week + 1) ? ms + offset : exact(ms);
  };
}

function wallClock(format: Intl.DateTimeFormat, ms: number): number {
  const f: Record<string, number> = {};
  let bc = false;
  for (const part of format.formatToParts(ms)) {
    if (part.type === 'era') bc = part.value.startsWith('B');
    else if (part.type !== 'literal') f[part.type] = Number(part.value);
  }
  const clock = new Date(0);
  clock.setUTCFullYear(bc ? 1 - f.year! : f.year!, f.month! - 1, f.day!);
  clock.setUTCHours(f.hour!, f.minute!, f.second!, 0);
  // formatToParts drops the milliseconds; they are the same in every zone.
  return clock.getTime() + (((ms % 1000) + 1000) % 1000);
}

/** The time zone of the database a session is on; `zone` is set once the session has learned it (DB_RELOAD). */
export interface DateZoneRef {
  zone: DateZone | undefined;
}

/**
 * The zone a request's Writer places a Date written as a DATE in: a database session's, once learned (until
 * then, one that refuses with TimeZoneError rather than guess); none (UTC) without a database.
 */
export function writingZone(dates: DateZoneRef | undefined): DateZone | undefined {
  return dates ? (dates.zone ?? DateZone.NOT_LEARNED) : undefined;
}
