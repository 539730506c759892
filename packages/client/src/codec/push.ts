// Push frames (status 3): unsolicited server messages that may arrive between any two responses.
// Live-query events are decoded; the other push kinds are decoded to their raw parts so none desyncs.
import { ProtocolError } from '../errors.js';
import type { Reader } from './reader.js';
import { readResultItem } from './result.js';
import { decodeStorageConfiguration, type StorageConfiguration } from './operations/storage-configuration.js';
import {
  PUSH_DATA,
  REQUEST_PUSH_DISTRIB_CONFIG,
  REQUEST_PUSH_FUNCTIONS,
  REQUEST_PUSH_INDEX_MANAGER,
  REQUEST_PUSH_LIVE_QUERY,
  REQUEST_PUSH_SCHEMA,
  REQUEST_PUSH_SEQUENCES,
  REQUEST_PUSH_STORAGE_CONFIG,
} from './operations/opcodes.js';

export type ResultItem = ReturnType<typeof readResultItem>;

// Live event types: 1 create, 2 update (the only one followed by the record before the change), 3 delete.
const LIVE_EVENT_UPDATE = 2;
const LIVE_HAS_MORE = 1;
const LIVE_END = 2;
const LIVE_ERROR = 3;

export interface LiveQueryEvent {
  type: 'create' | 'update' | 'delete';
  current: ResultItem;
  /** The value before an update. */
  before?: ResultItem;
}

export type PushMessage =
  /** 'end': the subscription is over (it may still carry a last batch of events). */
  | { kind: 'live-query'; monitorId: number; status: 'events' | 'end'; events: LiveQueryEvent[] }
  | {
      kind: 'live-query';
      monitorId: number;
      status: 'error';
      errorIdentifier: number;
      errorCode: number;
      message: string;
    }
  | { kind: 'distributed-config'; hosts: string[] }
  | { kind: 'storage-config'; configuration: StorageConfiguration }
  /** content: an onet_ser_v37 document (copied). */
  | { kind: 'schema' | 'index-manager'; content: Uint8Array }
  | { kind: 'functions' | 'sequences' };

const EVENT_TYPES = ['', 'create', 'update', 'delete'] as const;

/**
 * push = 3:byte pushId:byte payload
 * 81 live query: monitorId:int status:byte(1 events, 2 end, 3 error)
 *    error: errorIdentifier:int errorCode:int message:string
 *    else: count:int (type:byte(1 create, 2 update, 3 delete) current:result [before:result if update])*
 * 80 distributed config: count:int host:string*     82 storage config: see db-reload.ts
 * 83 schema, 84 index manager: document:bytes         85 functions, 86 sequences: (empty)
 */
export function decodePush(r: Reader): PushMessage {
  const status = r.byte();
  if (status !== PUSH_DATA) throw new ProtocolError(`not a push frame (status ${status})`);
  const pushId = r.byte();
  switch (pushId) {
    case REQUEST_PUSH_LIVE_QUERY:
      return decodeLiveQueryPush(r);
    case REQUEST_PUSH_DISTRIB_CONFIG: {
      const hosts: string[] = [];
      for (let n = r.int(); n > 0; n--) hosts.push(r.string() ?? '');
      return { kind: 'distributed-config', hosts };
    }
    case REQUEST_PUSH_STORAGE_CONFIG:
      return { kind: 'storage-config', configuration: decodeStorageConfiguration(r) };
    case REQUEST_PUSH_SCHEMA:
    case REQUEST_PUSH_INDEX_MANAGER: {
      const content = (r.bytesField() ?? new Uint8Array(0)).slice();
      return { kind: pushId === REQUEST_PUSH_SCHEMA ? 'schema' : 'index-manager', content };
    }
    case REQUEST_PUSH_FUNCTIONS:
      return { kind: 'functions' };
    case REQUEST_PUSH_SEQUENCES:
      return { kind: 'sequences' };
    default:
      throw new ProtocolError(`unknown push id ${pushId}`);
  }
}

function decodeLiveQueryPush(r: Reader): PushMessage {
  const monitorId = r.int();
  const status = r.byte();
  if (status === LIVE_ERROR) {
    const errorIdentifier = r.int();
    const errorCode = r.int();
    const message = r.string() ?? '';
    return { kind: 'live-query', monitorId, status: 'error', errorIdentifier, errorCode, message };
  }
  if (status !== LIVE_HAS_MORE && status !== LIVE_END) throw new ProtocolError(`unknown live query status ${status}`);
  const events: LiveQueryEvent[] = [];
  for (let n = r.int(); n > 0; n--) {
    const t = r.byte();
    const type = EVENT_TYPES[t];
    if (!type) throw new ProtocolError(`unknown live query event type ${t}`);
    const current = readResultItem(r);
    events.push(t === LIVE_EVENT_UPDATE ? { type, current, before: readResultItem(r) } : { type, current });
  }
  return { kind: 'live-query', monitorId, status: status === LIVE_END ? 'end' : 'events', events };
}
