// What the record calls take: a RID in either form, fields written as a document's content, and the
// version a write is checked against. Shared by the record calls (records.ts, loaded on first use) and
// the batch transaction, which encodes each record as it is attached.
import type { DateZone } from '../codec/date-zone.js';
import { writeDocument } from '../codec/document.js';
import { RecordId } from '../codec/record-id.js';
import { Writer } from '../codec/writer.js';
import { InvalidArgumentError } from '../errors.js';

/** A RecordId or its text form '#12:0'. */
export type Rid = RecordId | string;

export interface RecordWriteOptions {
  /** The version the change is based on (MVCC); default: the record's '@version', else -1 (no check). */
  version?: number;
}

export function toRid(rid: Rid): RecordId {
  return RecordId.from(rid);
}

/** Record content given as anything but an object is refused when the call is made, before anything is sent. */
export function checkFields(fields: unknown): asserts fields is Record<string, unknown> {
  if (fields === null || typeof fields !== 'object' || Array.isArray(fields))
    throw new InvalidArgumentError(
      `record fields must be an object, got ${fields === null ? 'null' : Array.isArray(fields) ? 'an array' : typeof fields}`,
    );
}

/**
 * The record content of `fields` (attributes starting with '@' are not written), with its class; a Date
 * written as a DATE is placed on its day in `zone`, the database's.
 */
export function encodeContent(
  fields: Record<string, unknown>,
  className: string | undefined,
  zone: DateZone | undefined,
): Uint8Array {
  checkFields(fields);
  const w = new Writer();
  w.dateZone = zone;
  writeDocument(w, fields, className);
  return w.finish().slice();
}

export function versionOf(fields: Record<string, unknown> | undefined, options: RecordWriteOptions): number {
  const v = options.version ?? fields?.['@version'];
  if (v === undefined) return -1;
  if (typeof v !== 'number' || !Number.isInteger(v))
    throw new InvalidArgumentError(`record version must be an integer, got ${String(v)}`);
  return v;
}
