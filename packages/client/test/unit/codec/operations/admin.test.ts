// DB_CREATE/EXIST/DROP/LIST/SIZE/COUNTRECORDS/RELOAD and SERVER_INFO against hand-built hex fixtures
// (OCreateDatabaseRequest, OExistsDatabaseRequest, ODropDatabaseRequest, OListDatabasesResponse,
// OStorageConfigurationPayload).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DB_COUNTRECORDS,
  DB_CREATE,
  DB_DROP,
  DB_EXIST,
  DB_LIST,
  SERVER_INFO,
} from '../../../../src/codec/operations/admin.js';
import { DB_SIZE } from '../../../../src/codec/operations/db-size.js';
import { decodeStorageConfiguration } from '../../../../src/codec/operations/storage-configuration.js';
import { Reader } from '../../../../src/codec/reader.js';
import { decodeAtEverySplit, encoded, hex, i16, i32, i64, str } from './fixtures.js';

test('DB_CREATE: name, type, storage, backup path; empty response', () => {
  assert.equal(
    encoded((w) => DB_CREATE.write(w, { name: 'x', storage: 'memory' })),
    str('x') + str('graph') + str('memory') + str(''),
  );
  assert.equal(
    encoded((w) => DB_CREATE.write(w, { name: 'x', storage: 'plocal', type: 'document', backupPath: '/b' })),
    str('x') + str('document') + str('plocal') + str('/b'),
  );
  const r = new Reader(hex(''));
  DB_CREATE.readAnswer(r);
  assert.equal(r.pos, 0);
});

test('DB_EXIST / DB_DROP: name and storage type; boolean / empty response', () => {
  assert.equal(
    encoded((w) => DB_EXIST.write(w, { name: 'db' })),
    str('db') + str('plocal'),
  );
  assert.equal(
    encoded((w) => DB_DROP.write(w, { name: 'db', storageType: 'memory' })),
    str('db') + str('memory'),
  );
  assert.equal(decodeAtEverySplit(hex('01'), DB_EXIST.readAnswer), true);
  assert.equal(decodeAtEverySplit(hex('00'), DB_EXIST.readAnswer), false);
  DB_DROP.readAnswer(new Reader(hex('')));
});

test('DB_LIST: a document { databases: { name: url } } inside a bytes field', () => {
  assert.equal(
    encoded((w) => DB_LIST.write(w, undefined)),
    '',
  );
  // class "" · 1 field · "databases" EMBEDDEDMAP · 2 entries · "a" STRING "remote:h/a" · "b" STRING "remote:h/b"
  const v = (s: string) => (s.length * 2).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');
  const doc =
    '00' + '02' + v('databases') + '0c' + '04' + v('a') + '07' + v('remote:h/a') + v('b') + '07' + v('remote:h/b');
  const data = hex(i32(doc.length / 2) + doc);
  assert.deepEqual(decodeAtEverySplit(data, DB_LIST.readAnswer), { a: 'remote:h/a', b: 'remote:h/b' });
});

test('DB_SIZE / DB_COUNTRECORDS: one long (bigint beyond 2^53)', () => {
  assert.equal(decodeAtEverySplit(hex(i64(123456)), DB_SIZE.readAnswer), 123456);
  assert.equal(decodeAtEverySplit(hex(i64(2n ** 60n)), DB_COUNTRECORDS.readAnswer), 2n ** 60n);
});

test('DB_RELOAD: the storage configuration payload with clusters', () => {
  const body =
    str('yyyy-MM-dd') +
    str('yyyy-MM-dd HH:mm:ss') +
    str('db') +
    i32(23) +
    str(null) +
    i32(1) +
    str('p') +
    str('v') +
    i16(0) +
    i64(1) +
    i16(0) +
    i64(2) +
    str('round-robin') +
    str(null) +
    '01' +
    str('en') +
    i32(8) +
    '00' +
    str('UTF-8') +
    str('UTC') +
    str('US') +
    str('ORecordSerializerBinary') +
    i32(0) +
    i32(14) +
    i32(2) +
    i32(0) +
    str('internal') +
    i32(5) +
    str('ouser');
  const c = decodeAtEverySplit(hex(body), decodeStorageConfiguration);
  assert.equal(c.name, 'db');
  assert.equal(c.version, 23);
  assert.equal(c.directory, null);
  assert.deepEqual(c.properties, [{ name: 'p', value: 'v' }]);
  assert.equal(c.schemaRecordId.toString(), '#0:1');
  assert.equal(c.indexManagerRecordId.toString(), '#0:2');
  assert.equal(c.validation, true);
  assert.equal(c.minimumClusters, 8);
  assert.equal(c.strictSql, false);
  assert.equal(c.timeZone, 'UTC');
  assert.equal(c.binaryFormatVersion, 14);
  assert.deepEqual(c.clusters, [
    { id: 0, name: 'internal' },
    { id: 5, name: 'ouser' },
  ]);
});

test('SERVER_INFO: one JSON string', () => {
  assert.equal(decodeAtEverySplit(hex(str('{"a":1}')), SERVER_INFO.readAnswer), '{"a":1}');
});
