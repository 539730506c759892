// The table of operations: every opcode the client sends (and a few it reads for others), keyed by
// opcode, for the session layer that sends requests and the bridge that reads them back.
import {
  DB_COUNTRECORDS,
  DB_CREATE,
  DB_DROP,
  DB_EXIST,
  DB_FREEZE,
  DB_LIST,
  DB_RELEASE,
  SERVER_INFO,
  SHUTDOWN,
} from './admin.js';
import { DB_SIZE } from './db-size.js';
import { DB_RELOAD } from './storage-configuration.js';
import { SUBSCRIBE_LIVE_QUERY, UNSUBSCRIBE_LIVE_QUERY } from './live.js';
import type { AnyOperation } from './operation.js';
import { CLOSE_QUERY, QUERY, QUERY_NEXT_PAGE, SERVER_QUERY } from './query.js';
import { RECORD_CREATE, RECORD_DELETE, RECORD_LOAD, RECORD_UPDATE } from './records.js';
import { CONNECT, DB_CLOSE, DB_OPEN, DB_REOPEN, HANDSHAKE } from './session.js';
import { TX_BEGIN, TX_COMMIT, TX_ROLLBACK } from './transactions.js';

const ALL: readonly AnyOperation[] = [
  SHUTDOWN,
  CONNECT,
  DB_OPEN,
  DB_CREATE,
  DB_CLOSE,
  DB_EXIST,
  DB_DROP,
  DB_SIZE,
  DB_COUNTRECORDS,
  DB_REOPEN,
  HANDSHAKE,
  RECORD_LOAD,
  RECORD_CREATE,
  RECORD_UPDATE,
  RECORD_DELETE,
  QUERY,
  CLOSE_QUERY,
  QUERY_NEXT_PAGE,
  SERVER_QUERY,
  TX_COMMIT,
  TX_BEGIN,
  TX_ROLLBACK,
  DB_RELOAD,
  DB_LIST,
  SERVER_INFO,
  DB_FREEZE,
  DB_RELEASE,
  SUBSCRIBE_LIVE_QUERY,
  UNSUBSCRIBE_LIVE_QUERY,
];

/** Opcode -> operation, in opcode order. */
export const OPERATIONS: ReadonlyMap<number, AnyOperation> = new Map(ALL.map((op) => [op.opcode, op]));

/** The operation of an opcode, or undefined for one the table does not know. */
export function operationOf(opcode: number): AnyOperation | undefined {
  return OPERATIONS.get(opcode);
}
