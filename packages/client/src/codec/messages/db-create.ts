// REQUEST_DB_CREATE (4): creates a database (needs a server user with database.create).
import type { Reader } from '../reader.js';
import type { Writer } from '../writer.js';

export type StorageType = 'memory' | 'plocal';

/** name:string dbType:string('graph'|'document', ignored by 3.2) storage:string backupPath:string('' = create) */
export function encodeDbCreateRequest(w: Writer, name: string, storage: StorageType, type: 'graph' | 'document' = 'graph', backupPath = ''): void {
  w.string(name).string(type).string(storage).string(backupPath);
}

/** (empty body) */
export function decodeDbCreateResponse(_r: Reader): void {}
