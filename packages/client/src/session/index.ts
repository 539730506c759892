// The session layer's entry points: Connection, request descriptors and operations.
export { Connection } from './connection.js';
export type { ConnectionOptions, Request, RequestOptions } from './types.js';
export * from './requests.js';
export * from './record-requests.js';
export * from './ops.js';
