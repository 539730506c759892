// HANDSHAKE, CONNECT, DB_OPEN and the request/response headers against hand-built hex fixtures
// (layouts from ONetworkProtocolBinary.handleHandshake/sendOk/sendError, OConnect37Request, OOpen37Request).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONNECT, DB_CLOSE, DB_OPEN, encodeHandshakeRequest } from '../../../../src/codec/operations/session.js';
import { encodeRequestHeader } from '../../../../src/codec/frame.js';
import { decodeResponseHeader } from '../../../../src/codec/response-header.js';
import { Reader } from '../../../../src/codec/reader.js';
import { ProtocolError } from '../../../../src/errors.js';
import * as op from '../../../../src/codec/operations/opcodes.js';
import { decodeAtEverySplit, encoded, hex, i32, str } from './fixtures.js';

test('opcodes match OChannelBinaryProtocol', () => {
  assert.deepEqual(
    [
      op.REQUEST_CONNECT,
      op.REQUEST_DB_OPEN,
      op.REQUEST_DB_CREATE,
      op.REQUEST_DB_CLOSE,
      op.REQUEST_DB_EXIST,
      op.REQUEST_DB_DROP,
      op.REQUEST_DB_SIZE,
      op.REQUEST_DB_COUNTRECORDS,
      op.REQUEST_HANDSHAKE,
      op.REQUEST_RECORD_LOAD,
      op.REQUEST_QUERY,
      op.REQUEST_CLOSE_QUERY,
      op.REQUEST_QUERY_NEXT_PAGE,
      op.REQUEST_SERVER_QUERY,
      op.REQUEST_TX_COMMIT,
      op.REQUEST_TX_BEGIN,
      op.REQUEST_TX_ROLLBACK,
      op.REQUEST_DB_RELOAD,
      op.REQUEST_DB_LIST,
      op.SUBSCRIBE_PUSH,
      op.UNSUBSCRIBE_PUSH,
    ],
    [2, 3, 4, 5, 6, 7, 8, 9, 20, 30, 45, 46, 47, 50, 60, 61, 64, 73, 74, 100, 101],
  );
});

test('HANDSHAKE body: version short, driver name and version strings, encoding 0, error encoding', () => {
  assert.equal(
    encoded((w) =>
      encodeHandshakeRequest(w, { protocolVersion: 38, driverName: 'my-ts-driver', driverVersion: '0.1.0' }),
    ),
    '0026' + str('my-ts-driver') + str('0.1.0') + '00' + '02',
  );
  assert.equal(
    encoded((w) =>
      encodeHandshakeRequest(w, { protocolVersion: 37, driverName: 'd', driverVersion: 'v', errorEncoding: 1 }),
    ),
    '0025' + '0000000164' + '0000000176' + '00' + '01',
  );
});

test('request header: opcode, session id, token bytes; a fresh session sends -1 and a null token', () => {
  assert.equal(
    encoded((w) => encodeRequestHeader(w, 3, -1, null)),
    '03' + 'ffffffff' + 'ffffffff',
  );
  assert.equal(
    encoded((w) => encodeRequestHeader(w, 45, 7, Uint8Array.of(0xaa, 0xbb))),
    '2d' + '00000007' + '00000002aabb',
  );
});

test('CONNECT and DB_OPEN bodies are the credentials only', () => {
  assert.equal(
    encoded((w) => CONNECT.write(w, { user: 'root', password: 'pw' })),
    str('root') + str('pw'),
  );
  assert.equal(
    encoded((w) => DB_OPEN.write(w, { database: 'db1', user: 'admin', password: 'admin' })),
    str('db1') + str('admin') + str('admin'),
  );
  assert.equal(
    encoded((w) => DB_CLOSE.write(w, undefined)),
    '',
  );
});

test('CONNECT / DB_OPEN response: session id and a copied token', () => {
  const data = hex(i32(42) + '00000003' + '010203');
  const s = decodeAtEverySplit(data, CONNECT.readAnswer);
  assert.equal(s.sessionId, 42);
  assert.deepEqual([...s.token], [1, 2, 3]);
  data.fill(0);
  assert.deepEqual([...s.token], [1, 2, 3], 'token does not alias the frame');
  assert.equal(decodeAtEverySplit(hex(i32(-5) + '00000001ff'), DB_OPEN.readAnswer).sessionId, -5);
  assert.throws(() => DB_OPEN.readAnswer(new Reader(hex(i32(1) + '00000000'))), ProtocolError);
});

test('response header: status, echoed session, renewal (null, empty, bytes), echoed opcode', () => {
  const h1 = decodeAtEverySplit(hex('00' + 'ffffffff' + 'ffffffff' + '02'), decodeResponseHeader);
  assert.deepEqual(h1, { status: 0, sessionId: -1, renewedToken: null, opcode: 2 });
  const h2 = decodeAtEverySplit(hex('01' + '00000009' + '00000000' + '2d'), decodeResponseHeader);
  assert.deepEqual(h2, { status: 1, sessionId: 9, renewedToken: null, opcode: 45 });
  const h3 = decodeAtEverySplit(hex('00' + '00000009' + '00000002cafe' + '08'), decodeResponseHeader);
  assert.deepEqual([...h3.renewedToken!], [0xca, 0xfe]);
  assert.throws(() => decodeResponseHeader(new Reader(hex('05' + '00000009' + '00000000' + '08'))), ProtocolError);
});
