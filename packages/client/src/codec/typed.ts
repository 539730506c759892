// Explicit OType for a JS value being encoded (`typed(OType.SHORT, 5)`, `Types.decimal('1.10')`), for when
// inferType's default mapping is not the type the schema or query needs. The type and the value are
// checked where they are written (value-writer.ts, loaded with the first statement or record that has
// values): an unknown OType id, or a DATE text that is not 'YYYY-MM-DD', fails that call.
import { Decimal } from './decimal.js';
import { RecordId } from './record-id.js';
import { OType } from './types.js';
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
  date: (v: Date | string) => new Typed(OType.DATE, v),
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
