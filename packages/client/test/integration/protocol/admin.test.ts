// Database administration over the binary protocol on the real server: DB_CREATE/EXIST/LIST/DROP as
// root, DB_SIZE/COUNTRECORDS/RELOAD on a database session.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  databaseCountRecords,
  databaseCreate,
  databaseDrop,
  databaseExists,
  databaseList,
  databaseOpen,
  databaseReload,
  databaseSize,
  query,
  serverInfo,
} from '../../support/requests.js';
import { ServerError } from '../../../src/errors.js';
import { connect, openDatabase, rootConnection, testDatabase } from './helpers.js';

test('DB_CREATE (memory) / DB_EXIST / DB_LIST / DB_DROP as root; the new database has admin/admin', async () => {
  const root = await rootConnection();
  const name = `adm_${Date.now()}`;
  assert.equal(await databaseExists(root, name), false);
  await databaseCreate(root, name, 'memory', 'graph');
  assert.equal(await databaseExists(root, name), true);
  const list = await databaseList(root);
  assert.match(list[name]!, new RegExp(`^remote:.*/${name}$`));
  const user = await connect();
  await databaseOpen(user, name, 'admin', 'admin');
  assert.ok((await databaseSize(user)) > 0);
  user.close();
  await assert.rejects(databaseCreate(root, name, 'memory'), ServerError);
  await databaseDrop(root, name, 'memory');
  assert.equal(await databaseExists(root, name), false);
  root.close();
});

test('DB_CREATE leaves the root session on the new database (server-side side effect)', async () => {
  const root = await rootConnection();
  const name = `adm2_${Date.now()}`;
  await assert.rejects(databaseSize(root), ServerError);
  await databaseCreate(root, name, 'memory');
  assert.ok((await databaseSize(root)) > 0, 'DB_SIZE now answers for the new database');
  await databaseDrop(root, name, 'memory');
  root.close();
});

test('admin operations need a server user: a database session is refused', async () => {
  const db = await testDatabase();
  const conn = await openDatabase(db);
  await assert.rejects(
    databaseList(conn),
    (e: ServerError) =>
      e.javaClass === 'com.orientechnologies.orient.core.exception.OSecurityAccessException' &&
      /Server user not authenticated/.test(e.serverMessage),
  );
  conn.close();
  await db.drop();
});

test('DB_SIZE, DB_COUNTRECORDS and DB_RELOAD on a database session', async () => {
  const db = await testDatabase();
  const conn = await openDatabase(db);
  const before = await databaseCountRecords(conn);
  await query(conn, { statement: 'create vertex V set a = 1', mode: 'command' });
  await query(conn, { statement: 'create vertex V set a = 2', mode: 'command' });
  assert.equal(Number(await databaseCountRecords(conn)) - Number(before), 2);
  assert.ok(Number(await databaseSize(conn)) > 0);
  const cfg = await databaseReload(conn);
  assert.equal(cfg.recordSerializer, 'ORecordSerializerBinary');
  const names = cfg.clusters.map((c) => c.name);
  assert.ok(names.includes('ouser') && names.includes('v'), names.join(','));
  assert.ok(typeof cfg.timeZone === 'string' && cfg.timeZone.length > 0);
  conn.close();
  await db.drop();
});

test('SERVER_INFO as root is JSON', async () => {
  const root = await rootConnection();
  const info = JSON.parse(await serverInfo(root)) as Record<string, unknown>;
  assert.ok(Array.isArray(info['connections']));
  root.close();
});
