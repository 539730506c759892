// REQUEST_DB_SIZE (8) of the admin family, in a file of its own: it is also the probe every reattach,
// reconnect and keep-alive sends to prove a session, so the browser bundle carries it, while the rest of
// the family (admin.ts) is loaded with the administration calls.
import { REQUEST_DB_SIZE } from './opcodes.js';
import type { OperationCodec, RequestReader } from './operation.js';

/** (empty body) -> size:long */
export const DB_SIZE: OperationCodec<void, number | bigint> = {
  opcode: REQUEST_DB_SIZE,
  name: 'REQUEST_DB_SIZE',
  family: 'admin',
  scope: 'database',
  replay: () => 'read',
  answered: () => true,
  write: () => undefined,
  readAnswer: (r) => r.long(),
};

export const DB_SIZE_REQUEST_READER: RequestReader<void> = () => () => undefined;
