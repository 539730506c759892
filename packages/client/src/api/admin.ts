// Administrative requests: databases on the server (create, exist, list, drop) and facts about the
// open database (size, record count, storage configuration).
import type { StorageType } from '../codec/operations/admin.js';
import type { StorageConfiguration } from '../codec/operations/admin.js';
import * as req from '../session/requests.js';
import type { Request } from '../session/types.js';

export type { StorageType, StorageConfiguration };
export type DatabaseType = 'graph' | 'document';

export const dbCreate = (name: string, type: DatabaseType, storage: StorageType): Request<void> => req.dbCreateRequest(name, storage, type);
export const dbExists = (name: string, storage: StorageType): Request<boolean> => req.dbExistRequest(name, storage);
export const dbDrop = (name: string, storage: StorageType): Request<void> => req.dbDropRequest(name, storage);
export const dbList = (): Request<Record<string, string>> => req.dbListRequest();
export const dbSize = (): Request<number | bigint> => req.dbSizeRequest();
export const dbCountRecords = (): Request<number | bigint> => req.dbCountRecordsRequest();
export const dbReload = (): Request<StorageConfiguration> => req.dbReloadRequest();
