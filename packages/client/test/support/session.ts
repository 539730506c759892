// A Session over one fixed connection, for tests of the parts that take a session (streams, cursors)
// without the OrientDB class's reattach machinery.
import type { Session } from '../../src/api/session.js';
import type { Connection } from '../../src/session/types.js';

export function fixedSession(conn: Connection | (() => Promise<Connection>)): Session {
  const get = typeof conn === 'function' ? conn : async () => conn;
  return {
    kind: 'database',
    handle: null,
    conn: get,
    request: async (req, call) => (await get()).request(req, call),
    send: (run) => run(),
    reconnected: async () => undefined,
    translate: (error) => error,
    attach: () => undefined,
    close: () => undefined,
  };
}
