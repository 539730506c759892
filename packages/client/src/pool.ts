// The "./pool" subpath: a pool of connections for servers (Node, Deno, Bun), each with its own
// database session. Kept out of the browser bundle: a page has one user and one connection.
export { Pool, PoolStream, pool } from './api/pool.js';
export type { PoolOptions } from './api/pool-options.js';
export type { QueryEvent } from './api/query-event.js';
export { POOL_DEFAULTS } from './api/pool-options.js';
export { PoolClosedError, PoolTimeoutError, type PoolStats } from './api/pool-connections.js';
export { sql, SqlIdentifier } from './api/sql-template.js';
