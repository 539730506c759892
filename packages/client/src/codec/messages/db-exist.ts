// REQUEST_DB_EXIST (6): does a database exist (needs a server user with database.exists).
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

/** name:string storageType:string (ignored by the server) */
export function encodeDbExistRequest(w: Writer, name: string, storageType = 'plocal'): void {
  w.string(name).string(storageType);
}

/** exists:boolean */
export function decodeDbExistResponse(r: Reader): boolean {
  return r.bool();
}
