// Explicit OType for a JS value being encoded (`typed(OType.SHORT, 5)`, `Types.decimal('1.10')`), for when
// inferType's default mapping is not the type the schema or query needs.
import { InvalidArgumentError } from '../errors.js';
import { Decimal } from './decimal.js';
import { RecordId } from './record-id.js';
import { OType, isOType } from './types.js';
import type { TreeLinkBag } from './link-bag.js';

/** A JS value paired with the OType to encode it as. */
export class Typed<T = unknown> {
  readonly type: number;
  readonly value: T;
  /** EMBEDDED: the class name to write. */
  readonly className: string | undefined;
  /** EMBEDDEDLIST/SET/MAP: the OType of every item (each item inferred when absent). */
  readonly itemType: number | undefined;

  constructor(type: number, value: T, options: { className?: string; itemType?: number } = {}) {
    if (!isOType(type)) throw new InvalidArgumentError(`unknown OType id ${type}`);
    if (options.itemType !== undefined && !isOType(options.itemType))
      throw new InvalidArgumentError(`unknown OType id ${options.itemType}`);
    this.type = type;
    this.value = value;
    this.className = options.className;
    this.itemType = options.itemType;
  }
}

export function typed<T>(type: number, value: T): Typed<T> {
  return new Typed(type, value);
}

type Rid = RecordId | string;
type Iter<T> = Iterable<T>;

const DATE_ONLY = /^(\d{4,})-(\d{2})-(\d{2})$/;

/** The day number (days after 1970-01-01) of a 'YYYY-MM-DD' calendar date; InvalidArgumentError for anything else. */
export function dayNumber(text: string): number {
  const m = DATE_ONLY.exec(text);
  const day = new Date(0);
  if (m) day.setUTCFullYear(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (!m || day.getUTCMonth() !== Number(m[2]) - 1 || day.getUTCDate() !== Number(m[3]))
    throw new InvalidArgumentError(`not a YYYY-MM-DD date: ${JSON.stringify(text)}`);
  return day.getTime() / 86_400_000;
}

function checkDay(d: Date | string): Date | string {
  if (typeof d === 'string') dayNumber(d);
  return d;
}

/** Helpers that wrap a value with its OType. */
export const Types = {
  boolean: (v: boolean) => new Typed(OType.BOOLEAN, v),
  integer: (v: number) => new Typed(OType.INTEGER, v),
  short: (v: number) => new Typed(OType.SHORT, v),
  long: (v: number | bigint) => new Typed(OType.LONG, v),
  float: (v: number) => new Typed(OType.FLOAT, v),
  double: (v: number) => new Typed(OType.DOUBLE, v),
  byte: (v: number) => new Typed(OType.BYTE, v),
  string: (v: string) => new Typed(OType.STRING, v),
  /** DATETIME: ms since the epoch, UTC. */
  datetime: (v: Date | number | bigint) => new Typed(OType.DATETIME, v),
  /**
   * DATE: a calendar day, 'YYYY-MM-DD'; or a Date, which counts as the day it falls on in the database's
   * time zone (a DATE read from the database is 00:00 there, so it writes back as the same day).
   */
  date: (v: Date | string) => new Typed(OType.DATE, checkDay(v)),
  decimal: (v: Decimal | string | number | bigint) => new Typed(OType.DECIMAL, Decimal.from(v)),
  binary: (v: Uint8Array) => new Typed(OType.BINARY, v),
  embedded: (v: Record<string, unknown>, className?: string) =>
    new Typed(OType.EMBEDDED, v, className === undefined ? {} : { className }),
  embeddedList: (v: Iter<unknown>, itemType?: number) =>
    new Typed(OType.EMBEDDEDLIST, v, itemType === undefined ? {} : { itemType }),
  embeddedSet: (v: Iter<unknown>, itemType?: number) =>
    new Typed(OType.EMBEDDEDSET, v, itemType === undefined ? {} : { itemType }),
  embeddedMap: (v: Record<string, unknown> | Map<string, unknown>, itemType?: number) =>
    new Typed(OType.EMBEDDEDMAP, v, itemType === undefined ? {} : { itemType }),
  link: (v: Rid) => new Typed(OType.LINK, RecordId.from(v)),
  linkList: (v: Iter<Rid | null>) => new Typed(OType.LINKLIST, v),
  linkSet: (v: Iter<Rid | null>) => new Typed(OType.LINKSET, v),
  linkMap: (v: Record<string, Rid | null> | Map<string, Rid | null>) => new Typed(OType.LINKMAP, v),
  /** LINKBAG: RIDs become an embedded bag; a TreeLinkBag is written as a tree pointer. */
  linkBag: (v: Iter<Rid | null> | TreeLinkBag) => new Typed(OType.LINKBAG, v),
};
