// The TCP transport's failure mapping against the real server: a refused port, and the server closing
// the socket under pending calls (CONNECT with a non-negative unknown session id makes it do so).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { tcp } from '../../../src/tcp.js';
import { StatefulConnection as Connection } from '../../../src/session/stateful-connection.js';
import { REQUEST_CONNECT } from '../../../src/codec/operations/opcodes.js';
import { dbSizeRequest, rawRequest } from '../../support/requests.js';
import { ConnectionLostError, ConnectionRefusedError, OutcomeUnknownError } from '../../../src/errors.js';
import { closed, connect, server } from './helpers.js';

test('connecting to a port nobody listens on is ConnectionRefusedError', async () => {
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const port = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
  await assert.rejects(Connection.open(tcp({ host: '127.0.0.1', port })), ConnectionRefusedError);
});

test('the server closing the socket rejects every pending call at once and reports ConnectionLostError', async () => {
  const s = await server();
  const conn = await connect();
  const closing = closed(conn);
  conn.sessionId = 4242;
  const login = conn.request(
    rawRequest(REQUEST_CONNECT, () => 0, {
      replay: 'login',
      write: (w) => {
        w.string('root').string(s.rootPassword);
      },
    }),
  );
  const write = conn.request({ ...dbSizeRequest(), replay: 'write' });
  const read = conn.request(dbSizeRequest());
  await assert.rejects(login, ConnectionLostError);
  await assert.rejects(write, OutcomeUnknownError);
  await assert.rejects(read, ConnectionLostError);
  assert.ok((await closing) instanceof ConnectionLostError);
  assert.equal(conn.closed, true);
});
