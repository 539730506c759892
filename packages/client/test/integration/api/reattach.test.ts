// Two clients in one process share a database session through getSessionToken()/setSessionToken():
// the second reattaches without credentials while the first is connected, and after it has closed
// (OrientDB 3.2.25 takes the old session id + token on a new connection until its channel clean-up);
// through the bridge a parked connection is resumed instead.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestDatabase, type TestDatabase } from '@orientdb-edge/testkit';
import { InvalidArgumentError } from '../../../src/index.js';
import { decodeSessionHandle } from '../../../src/api/session-token.js';
import { eachTransport } from './helpers/env.js';

eachTransport('reattach', (env) => {
  let db: TestDatabase;
  before(async () => {
    db = await createTestDatabase(env.server);
    const setup = env.client();
    await setup.dbOpen(db.name, db.user, db.password);
    await setup.command('CREATE CLASS Note');
    await setup.close();
  });
  after(async () => {
    await db.drop();
  });

  test('a second client reattaches with the token while the first is connected; both work on one session', async () => {
    const first = env.client();
    await first.dbOpen(db.name, db.user, db.password);
    const token = first.getSessionToken();
    assert.match(token, /^[A-Za-z0-9._-]+$/);
    const second = env.client();
    second.setSessionToken(token);
    await second.command('INSERT INTO Note SET author = :a', { a: 'second' });
    await first.command('INSERT INTO Note SET author = :a', { a: 'first' });
    const seen = (await second.query('SELECT author FROM Note ORDER BY author')).map((r) => r.author);
    assert.deepEqual(seen, ['first', 'second']);
    assert.equal(
      decodeSessionHandle(second.getSessionToken()).sessionId,
      decodeSessionHandle(token).sessionId,
      'the same server session',
    );
    assert.equal(second.session?.via, 'session', 'the old session id and token on a new connection');
    await first.close();
    await second.close();
  });

  test('a second client reattaches with the token after the first one closed its connection', async () => {
    const first = env.client();
    await first.dbOpen(db.name, db.user, db.password);
    const token = first.getSessionToken();
    await first.close();
    const second = env.client();
    second.setSessionToken(token);
    const [row] = await second.query('SELECT count(*) AS n FROM Note');
    assert.equal(typeof row!.n, 'number');
    assert.equal(decodeSessionHandle(second.getSessionToken()).sessionId, decodeSessionHandle(token).sessionId);
    assert.equal(second.session?.via, 'session');
    await second.close();
  });

  test('a parked bridge connection is resumed by the next client (TCP has nothing to park)', async () => {
    const first = env.client();
    await first.dbOpen(db.name, db.user, db.password);
    await first.command('INSERT INTO Note SET author = :a', { a: 'parked' });
    const token = first.getSessionToken();
    assert.equal(first.park(), env.kind === 'websocket');
    const second = env.client();
    second.setSessionToken(token);
    const rows = await second.query('SELECT author FROM Note WHERE author = :a', { a: 'parked' });
    assert.equal(rows.length, 1);
    assert.equal(second.session?.via, env.kind === 'websocket' ? 'resume' : 'session');
    await first.close();
    await second.close();
  });

  test('token sessions can be turned off; a foreign string is refused', async () => {
    const c = env.client();
    c.setSessionToken(false);
    await c.dbOpen(db.name, db.user, db.password);
    assert.equal(c.getSessionToken(), '');
    assert.equal((await c.query('SELECT 1 AS one'))[0]!.one, 1, 'the session itself still works');
    c.setSessionToken(true);
    assert.notEqual(c.getSessionToken(), '');
    assert.throws(() => env.client().setSessionToken('not-a-token'), InvalidArgumentError);
    await c.close();
  });
});
