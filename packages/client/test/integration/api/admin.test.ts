// Administration through the public API on a real server: databases created, found, listed and
// dropped over a server session; size, record count and storage configuration of an open database;
// server-level SQL.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@orientdb-edge/testkit';
import { ServerError, SessionExpiredError, type OrientDB } from '../../../src/index.js';
import { eachTransport } from './helpers/env.js';

eachTransport('admin', (env) => {
  let root: OrientDB;
  before(async () => {
    root = env.client();
    await root.connect('root', env.server.rootPassword);
  });
  after(async () => {
    await root.close();
  });

  test('dbCreate, dbExists, dbList and dbDrop over a server session', async () => {
    const name = `admin_${randomBytes(4).toString('hex')}`;
    assert.equal(await root.dbExists(name), false);
    await root.dbCreate(name, 'graph', 'memory');
    assert.equal(await root.dbExists(name), true);
    const list = await root.dbList();
    assert.ok(name in list, `${name} in ${Object.keys(list).join(',')}`);
    assert.match(list[name]!, new RegExp(`${name}$`));
    const duplicate = await root.dbCreate(name, 'graph', 'memory').catch((e: unknown) => e);
    assert.ok(duplicate instanceof ServerError);
    await root.dbDrop(name);
    assert.equal(await root.dbExists(name), false);
    assert.ok(!(name in (await root.dbList())));
  });

  test('dbFreeze makes a private database refuse writes until dbRelease', async () => {
    const name = `freeze_${randomBytes(4).toString('hex')}`;
    await root.serverQuery(`CREATE DATABASE ${name} plocal users (admin identified by 'admin' role admin)`);
    const writer = env.client();
    try {
      await writer.dbOpen(name, 'admin', 'admin');
      await writer.command('CREATE CLASS Held');
      await root.dbFreeze(name, 'plocal');
      await assert.rejects(
        writer.command('INSERT INTO Held SET n = 1'),
        (e: ServerError) => e instanceof ServerError && /OModificationOperationProhibitedException/.test(e.javaClass),
      );
      assert.equal((await writer.query('SELECT count(*) AS n FROM Held'))[0]!.n, 0, 'reads go on while frozen');
      await root.dbRelease(name, 'plocal');
      assert.equal((await writer.command('INSERT INTO Held SET n = 1')).length, 1);
      assert.equal((await writer.query('SELECT count(*) AS n FROM Held'))[0]!.n, 1);
    } finally {
      await writer.close();
      await root.dbDrop(name, 'plocal');
    }
  });

  test('serverQuery runs server-level SQL (CREATE DATABASE ... USERS, DROP DATABASE)', async () => {
    const name = `sq_${randomBytes(4).toString('hex')}`;
    const [created] = await root.serverQuery(
      `CREATE DATABASE ${name} memory users (admin identified by 'admin' role admin)`,
    );
    assert.deepEqual({ ...created }, { operation: 'create database', name, created: true });
    assert.equal(await root.dbExists(name), true);
    const c = env.client();
    await c.dbOpen(name, 'admin', 'admin');
    assert.equal((await c.query('SELECT 1 AS one'))[0]!.one, 1);
    await c.close();
    const [dropped] = await root.serverQuery(`DROP DATABASE ${name}`);
    assert.equal(dropped!.dropped, true);
    assert.equal(await root.dbExists(name), false);
    const bad = await root.serverQuery('SELECT FROM OUser').catch((e: unknown) => e);
    assert.ok(bad instanceof ServerError, 'plain SELECT is not server-level SQL');
    assert.equal(bad.javaClass, 'com.orientechnologies.orient.core.sql.OCommandSQLParsingException');
  });

  test('dbSize, dbCountRecords and dbReload on an open database', async () => {
    const db: TestDatabase = await createTestDatabase(env.server);
    const c = env.client();
    try {
      await c.dbOpen(db.name, db.user, db.password);
      const before = Number(await c.dbCountRecords());
      assert.ok(before > 0, 'a new database holds its schema and security records');
      await c.batch(
        'CREATE CLASS Thing; ' + Array.from({ length: 25 }, (_, i) => `INSERT INTO Thing SET i = ${i}`).join('; '),
      );
      assert.equal(Number(await c.dbCountRecords()), before + 25);
      assert.ok(Number(await c.dbSize()) > 0);
      const config = await c.dbReload();
      const thing = config.clusters.filter((k) => k.name?.startsWith('thing'));
      assert.ok(thing.length > 0, 'the new class has clusters');
      assert.ok(config.timeZone && config.timeZone.length > 0);
    } finally {
      await c.close();
      await db.drop();
    }
  });

  test('admin calls without a session fail with SessionExpiredError; a wrong root password with ServerError', async () => {
    const c = env.client();
    await assert.rejects(c.dbList(), SessionExpiredError);
    await assert.rejects(c.dbSize(), SessionExpiredError);
    const wrong = await c.connect('root', 'wrong-' + env.server.rootPassword).catch((e: unknown) => e);
    assert.ok(wrong instanceof ServerError);
    assert.match(wrong.javaClass, /OSecurity/);
  });
});
