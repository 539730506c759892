// Record operations by RID (RECORD_LOAD/CREATE/UPDATE/DELETE) as request descriptors, and the
// shape of the records they return: '@rid', '@version', '@type', '@class', then the fields. Loaded on
// first use (lazy-modules.ts).
import { decodeRecordContent } from '../codec/document.js';
import {
  RECORD_CREATE,
  RECORD_DELETE,
  RECORD_LOAD,
  RECORD_UPDATE,
  type RawRecord,
} from '../codec/operations/records.js';
import { RecordId } from '../codec/record-id.js';
import { RecordType } from '../codec/types.js';
import { InvalidArgumentError } from '../errors.js';
import type { DateZone } from '../codec/date-zone.js';
import type { Reader } from '../codec/reader.js';
import { mapAnswer, type Request, request, requestEncodedOnWrite } from '../session/request.js';
import { checkFields, encodeContent, type RecordWriteOptions, type Rid, toRid, versionOf } from './record-fields.js';

/** Stands for content encoded as the request is written (requestEncodedOnWrite). */
const NO_CONTENT = new Uint8Array(0);

/** A stored record: attributes '@rid', '@version', '@type' ('d', 'b' or 'f'), '@class' when it has one, then its fields. */
export type RecordRow = Record<string, unknown> & { '@rid': RecordId; '@version': number };

export interface RecordLoadOptions {
  /** e.g. '*:1': linked records come in the same answer and replace their links in the returned record. */
  fetchPlan?: string;
  ignoreCache?: boolean;
}

function rowOf(rid: RecordId, raw: RawRecord, zone: DateZone | undefined): RecordRow {
  const row: Record<string, unknown> = {
    '@rid': rid,
    '@version': raw.version,
    '@type': String.fromCharCode(raw.recordType),
  };
  const content = decodeRecordContent(raw.content, raw.recordType, zone);
  return Object.assign(row, content) as RecordRow;
}

/** The fields of `doc` without its '@' attributes. */
function fieldsOf(doc: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(doc)) if (!k.startsWith('@')) out[k] = v;
  return out;
}

/** Replaces links to prefetched records by the records themselves (top-level fields, lists and maps). */
function resolveFetched(row: RecordRow, fetched: Map<string, RecordRow>): void {
  const swap = (v: unknown): unknown => (v instanceof RecordId ? (fetched.get(v.toString()) ?? v) : v);
  for (const [k, v] of Object.entries(row)) {
    if (k.startsWith('@')) continue;
    if (v instanceof RecordId) row[k] = swap(v);
    else if (Array.isArray(v)) row[k] = v.map(swap);
    else if (v instanceof Set) row[k] = new Set([...v].map(swap));
    else if (v instanceof Map) row[k] = new Map([...v].map(([mk, mv]) => [mk, swap(mv)]));
  }
}

/** RECORD_LOAD: the record, or null when it does not exist. */
export function recordLoadRequest(rid: Rid, options: RecordLoadOptions = {}): Request<RecordRow | null> {
  const id = toRid(rid);
  const load = request(RECORD_LOAD, {
    rid: id,
    fetchPlan: options.fetchPlan ?? '',
    ignoreCache: options.ignoreCache ?? false,
  });
  // The content is decoded here, with the answer's reader at hand: it knows the database's time zone.
  const read = (r: Reader): RecordRow | null => {
    const res = load.read(r);
    if (!res) return null;
    const row = rowOf(id, res, r.dateZone);
    if (res.prefetched.length > 0) {
      const fetched = new Map<string, RecordRow>();
      for (const p of res.prefetched) fetched.set(p.rid.toString(), rowOf(p.rid, p, r.dateZone));
      resolveFetched(row, fetched);
    }
    return row;
  };
  return { ...load, read, skip: load.skip };
}

/**
 * RECORD_CREATE of a document in a class (the server picks one of its clusters) or in a cluster id
 * (the class then comes from fields['@class']). Answers the stored record: its fields, RID and version.
 */
export function recordCreateRequest(target: string | number, fields: Record<string, unknown>): Request<RecordRow> {
  let cluster: number;
  let className: string | undefined;
  if (typeof target === 'number') {
    if (!Number.isInteger(target) || target < 0 || target > 32767)
      throw new InvalidArgumentError(`not a cluster id: ${target}`);
    cluster = target;
  } else if (typeof target === 'string' && target.length > 0) {
    cluster = -1;
    className = target;
  } else {
    throw new InvalidArgumentError('recordCreate needs a class name or a cluster id');
  }
  checkFields(fields);
  const cls = className ?? (typeof fields['@class'] === 'string' ? fields['@class'] : undefined);
  const args = { clusterId: cluster, content: NO_CONTENT, recordType: RecordType.DOCUMENT };
  const create = requestEncodedOnWrite(RECORD_CREATE, args, (zone) => ({
    content: encodeContent(fields, className, zone),
  }));
  return mapAnswer(create, (res) => {
    const row: Record<string, unknown> = { '@rid': res.rid, '@version': res.version, '@type': 'd' };
    if (cls !== undefined) row['@class'] = cls;
    return Object.assign(row, fieldsOf(fields)) as RecordRow;
  });
}

/**
 * RECORD_UPDATE: `fields` replace the record's content (fields left out are removed). Answers the
 * record as written, with its new version. A stale version fails with ConcurrentModificationError.
 */
export function recordUpdateRequest(
  rid: Rid,
  fields: Record<string, unknown>,
  options: RecordWriteOptions = {},
): Request<RecordRow> {
  const id = toRid(rid);
  checkFields(fields);
  const version = versionOf(fields, options);
  const cls = typeof fields['@class'] === 'string' ? fields['@class'] : undefined;
  const args = { rid: id, content: NO_CONTENT, version, recordType: RecordType.DOCUMENT };
  const update = requestEncodedOnWrite(RECORD_UPDATE, args, (zone) => ({ content: encodeContent(fields, cls, zone) }));
  return mapAnswer(update, (res) => {
    const row: Record<string, unknown> = { '@rid': id, '@version': res.version, '@type': 'd' };
    if (cls !== undefined) row['@class'] = cls;
    return Object.assign(row, fieldsOf(fields)) as RecordRow;
  });
}

/** RECORD_DELETE: true when a record was deleted, false when there was none. */
export function recordDeleteRequest(rid: Rid, options: RecordWriteOptions = {}): Request<boolean> {
  const id = toRid(rid);
  const version = versionOf(undefined, options);
  return request(RECORD_DELETE, { rid: id, version });
}
