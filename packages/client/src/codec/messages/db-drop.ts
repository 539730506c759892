// REQUEST_DB_DROP (7): drops a database (needs a server user with database.drop).
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** name:string storageType:string */
export function encodeDbDropRequest(w: Writer, name: string, storageType = 'plocal'): void {
  w.string(name).string(storageType);
}

/** (empty body) */
export function decodeDbDropResponse(_r: Reader): void {}
