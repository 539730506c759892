export * from './errors.js';
export type { Transport, ByteStream, TransportHandlers, ConnectOptions } from './transport/transport.js';
export {
  websocket,
  type WebSocketConstructor,
  type WebSocketLike,
  type WebSocketTransportOptions,
} from './transport/websocket.js';
export { OrientDB } from './api/client.js';
export type { OrientDBOptions, CallOptions, StreamOptions } from './api/options.js';
export { ResultStream } from './api/query-stream.js';
export { sql, SqlIdentifier } from './api/sql-template.js';
export type { Params, Row } from './api/query-requests.js';
export type { DatabaseType, StorageType, StorageConfiguration } from './api/client.js';
export type { SessionKind } from './api/session-token.js';
export { RecordId } from './codec/record-id.js';
export { Decimal } from './codec/decimal.js';
export { Typed, typed, Types } from './codec/typed.js';
export { OType } from './codec/types.js';
export { TreeLinkBag } from './codec/link-bag.js';
export { resultMetadata, METADATA } from './codec/result.js';
export { MemoryTokenStore, memoryTokenStore, type TokenStore } from './tokens/token-store.js';
export type { RecordRow, RecordLoadOptions } from './api/records.js';
export type { Rid, RecordWriteOptions } from './api/record-fields.js';
export type { Transaction } from './api/transaction.js';
export type { BatchTransaction } from './api/transaction-batch.js';
export type { CommitSummary } from './api/transaction-rids.js';
export type { LiveQuery, LiveEvent } from './api/live-query.js';
export { localStorageTokenStore } from './tokens/local-storage-store.js';
export { sessionStorageTokenStore } from './tokens/session-storage-store.js';
export type { SessionState } from './api/session-keeper.js';
export type {
  ClientEvents,
  ClientEventName,
  ClientEventListener,
  ConnectedEvent,
  ReconnectingEvent,
  ReattachedEvent,
  ExpiredEvent,
  ClosedEvent,
} from './api/events.js';
export type { QueryEvent } from './api/query-event.js';
export type { Reauthenticate, ReattachRoute } from './api/reattach.js';
