// Public entry of @orientdb-edge/bridge (Node only): startBridge and its option and metric types.
export { startBridge, type Bridge } from './server.js';
export { type BridgeOptions, type UpstreamSpec, OptionsError, DEFAULTS } from './options.js';
export { type BridgeMetricsSnapshot } from './metrics.js';
export { type LogLevel, type LogRecord } from './logger.js';
export { CLOSE } from './close-codes.js';
export { SUBPROTOCOL, PROTOCOL_VERSION, encodeHello, decodeWelcome, type Hello, type Welcome } from './hello.js';
