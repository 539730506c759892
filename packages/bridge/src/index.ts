// Public entry of @orientdb-edge/bridge (Node only): startBridge and its option and metric types.
export { startBridge, type Bridge } from './server.js';
export { mintTicket, type MintTicketOptions } from './ticket.js';
export { type BridgeOptions, type UpstreamSpec, OptionsError, DEFAULTS } from './options.js';
export type { BridgeMetricsSnapshot } from './metrics.js';
export type { LogLevel, LogRecord } from './logger.js';
// The opening exchange and the close codes are defined once, in the client's codec; here under this
// package's public names.
export {
  BRIDGE_CLOSE as CLOSE,
  BRIDGE_SUBPROTOCOL as SUBPROTOCOL,
  BRIDGE_PROTOCOL_VERSION as PROTOCOL_VERSION,
  encodeBridgeHello as encodeHello,
  decodeBridgeWelcome as decodeWelcome,
  type BridgeHello as Hello,
  type BridgeWelcome as Welcome,
} from '@orientdb-edge/client/protocol';
