// The 37/38 error body (OError37Response) mapped to typed errors, and push frames (status 3): live-query
// events/end/error and the other push kinds, against hand-built hex fixtures fed at every split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readServerError } from '../../../src/codec/error-body.js';
import { decodePush } from '../../../src/codec/push.js';
import { ConcurrentModificationError, ProtocolError, ServerError, TokenError } from '../../../src/errors.js';
import { Reader } from '../../../src/codec/reader.js';
import { decodeAtEverySplit, hex, i16, i32, i64, str } from './operations/fixtures.js';

const TOKEN = 'com.orientechnologies.orient.enterprise.channel.binary.OTokenSecurityException';
const MVCC = 'com.orientechnologies.orient.core.exception.OConcurrentModificationException';
const vstr = (s: string) => (s.length * 2).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');

test('error body: code, identifier, one (class, message) pair, end marker, empty detail', () => {
  const data = hex(i32(1) + i32(0) + '01' + str('a.B') + str('bad sql') + '00' + i32(0));
  const e = decodeAtEverySplit(data, readServerError);
  assert.deepEqual(
    {
      javaClass: e.javaClass,
      serverMessage: e.serverMessage,
      errorCode: e.errorCode,
      errorIdentifier: e.errorIdentifier,
    },
    { javaClass: 'a.B', serverMessage: 'bad sql', errorCode: 1, errorIdentifier: 0 },
  );
  assert.deepEqual(e.chain, []);
  assert.ok(e instanceof ServerError && !(e instanceof TokenError));
  assert.equal(e.code, 'ERR_SERVER');
  assert.equal(e.message, 'a.B: bad sql');
});

test('error body: several pairs become the chain; the detail bytes (stack trace text) are read past', () => {
  const data = hex(
    i32(5) + i32(0) + '01' + str('a.X') + str('m1') + '01' + str('a.Y') + str('m2') + '00' + i32(2) + '6869',
  );
  const e = decodeAtEverySplit(data, readServerError);
  assert.equal(e.message, 'a.X: m1');
  assert.deepEqual(e.chain, [{ javaClass: 'a.Y', message: 'm2' }]);
});

test('token exceptions become TokenError', () => {
  const e = readServerError(
    new Reader(hex(i32(5) + i32(0) + '01' + str(TOKEN) + str('missing session and token') + '00' + 'ffffffff')),
  );
  assert.ok(e instanceof TokenError);
  assert.equal(e.code, 'ERR_TOKEN');
  assert.equal(e.serverMessage, 'missing session and token');
});

test('MVCC conflicts become ConcurrentModificationError with the versions', () => {
  const msg =
    'Cannot UPDATE the record #12:3 because the version is not the latest. Probably you are updating an old record or it has been modified by another user (db=v4 your=v2)\tDB name="x"';
  const e = readServerError(new Reader(hex(i32(3) + i32(0) + '01' + str(MVCC) + str(msg) + '00' + i32(0))));
  assert.ok(e instanceof ConcurrentModificationError);
  assert.equal(e.recordId, '#12:3');
  assert.equal(e.databaseVersion, 4);
  assert.equal(e.recordVersion, 2);
});

test('live-query push: events (create, update with the old value, delete)', () => {
  const proj = (n: number) => {
    const b = '02' + vstr('n') + '01' + (n * 2).toString(16).padStart(2, '0') + '00';
    return '04' + i32(b.length / 2) + b;
  };
  const data = hex('03' + '51' + i32(7) + '01' + i32(3) + '01' + proj(1) + '02' + proj(2) + proj(1) + '03' + proj(2));
  const p = decodeAtEverySplit(data, decodePush);
  assert.equal(p.kind, 'live-query');
  if (p.kind !== 'live-query' || p.status === 'error') throw new Error('unexpected');
  assert.equal(p.monitorId, 7);
  assert.equal(p.status, 'events');
  assert.deepEqual(
    p.events.map((e) => e.type),
    ['create', 'update', 'delete'],
  );
  assert.deepEqual({ ...p.events[1]!.current }, { n: 2 });
  assert.deepEqual({ ...p.events[1]!.before! }, { n: 1 });
  assert.equal(p.events[0]!.before, undefined);
});

test('live-query push: END and ERROR', () => {
  assert.deepEqual(decodeAtEverySplit(hex('03' + '51' + i32(7) + '02' + i32(0)), decodePush), {
    kind: 'live-query',
    monitorId: 7,
    status: 'end',
    events: [],
  });
  assert.deepEqual(decodeAtEverySplit(hex('03' + '51' + i32(8) + '03' + i32(0) + i32(5) + str('boom')), decodePush), {
    kind: 'live-query',
    monitorId: 8,
    status: 'error',
    errorIdentifier: 0,
    errorCode: 5,
    message: 'boom',
  });
});

test('other push kinds decode to their parts and consume exactly their bytes', () => {
  assert.deepEqual(decodeAtEverySplit(hex('03' + '50' + i32(2) + str('h1') + str('h2')), decodePush), {
    kind: 'distributed-config',
    hosts: ['h1', 'h2'],
  });
  const schema = decodeAtEverySplit(hex('03' + '53' + i32(2) + '0000'), decodePush);
  assert.equal(schema.kind, 'schema');
  assert.deepEqual(decodeAtEverySplit(hex('03' + '55'), decodePush), { kind: 'functions' });
  assert.deepEqual(decodeAtEverySplit(hex('03' + '56'), decodePush), { kind: 'sequences' });
  assert.equal(decodeAtEverySplit(hex('03' + '54' + i32(1) + '00'), decodePush).kind, 'index-manager');
  const cfg =
    str(null) +
    str(null) +
    str('db') +
    i32(1) +
    str(null) +
    i32(0) +
    i16(0) +
    i64(1) +
    i16(0) +
    i64(2) +
    str(null) +
    str(null) +
    '00' +
    str(null) +
    i32(1) +
    '00' +
    str(null) +
    str('UTC') +
    str(null) +
    str(null) +
    i32(0) +
    i32(0) +
    i32(0);
  const sc = decodeAtEverySplit(hex('03' + '52' + cfg), decodePush);
  assert.ok(sc.kind === 'storage-config' && sc.configuration.name === 'db');
});

test('unknown push ids and live statuses are protocol errors', () => {
  assert.throws(() => decodePush(new Reader(hex('03' + '63'))), ProtocolError);
  assert.throws(() => decodePush(new Reader(hex('03' + '51' + i32(1) + '09'))), ProtocolError);
});
