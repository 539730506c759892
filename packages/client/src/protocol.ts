// The "./protocol" subpath: the wire formats both ends share, for the bridge and other tools that read
// the client's bytes: the table of OrientDB operations and the bridge's hello/welcome exchange.
export type {
  AnyOperation,
  Framing,
  Operation,
  OperationFamily,
  OperationScope,
  ReplayClass,
} from './codec/operations/operation.js';
export { OPERATIONS, operationOf } from './codec/operations/table.js';
export {
  DEFAULT_MAX_REQUEST_SIZE,
  readRequest,
  RequestScanner,
  UnknownOperationError,
  type RequestScannerOptions,
  type ScannedRequest,
} from './codec/operations/request-frame.js';
export * from './codec/operations/opcodes.js';
export type { ConnectArgs, DbOpenArgs, HandshakeOptions, LegacyLogin } from './codec/operations/session.js';
export type { QueryMode, QueryRequest } from './codec/operations/query.js';
export type { DbCreateArgs, DbNameArgs } from './codec/operations/admin.js';
export type { TxArgs, TxOperation } from './codec/operations/transactions.js';
export { BRIDGE_CLOSE, type BridgeCloseCode } from './codec/bridge-close-codes.js';
export { decodeBridgeRefusal, encodeBridgeRefusal, type BridgeRefusal } from './codec/bridge-refusal.js';
export { decodeTokenPayload, type TokenPayload } from './codec/token-payload.js';
export {
  BRIDGE_PROTOCOL_VERSION,
  BRIDGE_SUBPROTOCOL,
  decodeBridgeHello,
  decodeBridgeWelcome,
  encodeBridgeHello,
  encodeBridgeWelcome,
  type BridgeHello,
  type BridgeHelloResult,
  type BridgeLimits,
  type BridgeWelcome,
} from './codec/bridge-hello.js';
