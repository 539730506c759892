// The "./protocol" subpath: the wire formats both ends share, for the bridge and other tools that read
// the client's bytes: the table of OrientDB operations and the bridge's hello/welcome exchange.
export type { AnyOperation, Framing, Operation, OperationFamily, OperationScope, ReplayClass } from './codec/operations/operation.js';
export { BRIDGE_CLOSE, type BridgeCloseCode } from './codec/bridge-close-codes.js';
export {
  BRIDGE_PROTOCOL_VERSION, BRIDGE_SUBPROTOCOL, decodeBridgeHello, decodeBridgeWelcome, encodeBridgeHello,
  encodeBridgeWelcome, type BridgeHello, type BridgeHelloResult, type BridgeLimits, type BridgeWelcome,
} from './codec/bridge-hello.js';
