// REQUEST_DB_SIZE (8): the database's size in bytes.
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** (empty body) */
export function encodeDbSizeRequest(_w: Writer): void {}

/** size:long */
export function decodeDbSizeResponse(r: Reader): number | bigint {
  return r.long();
}
