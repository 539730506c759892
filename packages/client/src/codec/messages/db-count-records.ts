// REQUEST_DB_COUNTRECORDS (9): the number of records in the database.
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** (empty body) */
export function encodeDbCountRecordsRequest(_w: Writer): void {}

/** count:long */
export function decodeDbCountRecordsResponse(r: Reader): number | bigint {
  return r.long();
}
