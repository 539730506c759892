export * from './errors.js';
export type { Transport, ByteStream, TransportHandlers, ConnectOptions } from './transport/transport.js';
