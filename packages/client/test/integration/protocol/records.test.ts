// Record and live-query messages at the protocol level on the real server: RECORD_CREATE/LOAD/UPDATE/
// DELETE with MVCC (and what version -1 means), a full-content TX_COMMIT, and live-query push frames.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writer } from '../../../src/codec/writer.js';
import { decodeRecordContent, writeDocument } from '../../../src/codec/document.js';
import { encodeQueryParams } from '../../../src/codec/params.js';
import { RecordId } from '../../../src/codec/record-id.js';
import { decodePush, type PushMessage } from '../../../src/codec/push.js';
import { query } from '../../support/requests.js';
import {
  liveQuerySubscribeRequest,
  liveQueryUnsubscribeRequest,
  recordCreateRequest,
  recordDeleteRequest,
  recordLoadRequest,
  recordUpdateRequest,
  txCommitRequest,
} from '../../support/requests.js';
import { ConcurrentModificationError, ServerError } from '../../../src/errors.js';
import { openDatabase, testDatabase } from './helpers.js';

const doc = (fields: Record<string, unknown>, cls?: string) => {
  const w = new Writer();
  writeDocument(w, fields, cls);
  return w.finish().slice();
};

test('RECORD_CREATE/LOAD/UPDATE/DELETE with MVCC; version -1 skips the version check', async () => {
  const db = await testDatabase();
  const conn = await openDatabase(db);
  await query(conn, { statement: 'create class Note', mode: 'command' });
  const created = await conn.request(recordCreateRequest(-1, doc({ title: 'a', n: 1 }, 'Note')));
  assert.ok(created.rid.cluster >= 0);
  assert.equal(created.version, 1);

  const loaded = await conn.request(recordLoadRequest(created.rid));
  assert.ok(loaded);
  assert.equal(loaded.version, 1);
  assert.equal(loaded.recordType, 0x64);
  assert.deepEqual(decodeRecordContent(loaded.content), { '@class': 'Note', title: 'a', n: 1 });

  const upd = await conn.request(recordUpdateRequest(created.rid, doc({ title: 'b' }, 'Note'), 1));
  assert.equal(upd.version, 2);
  const afterUpd = await conn.request(recordLoadRequest(created.rid));
  assert.deepEqual(decodeRecordContent(afterUpd!.content), { '@class': 'Note', title: 'b' }, 'replace mode: n removed');

  await assert.rejects(
    conn.request(recordUpdateRequest(created.rid, doc({ title: 'stale' }, 'Note'), 1)),
    (e: ConcurrentModificationError) =>
      e instanceof ConcurrentModificationError &&
      e.recordId === created.rid.toString() &&
      e.databaseVersion === 2 &&
      e.recordVersion === 1,
  );

  const forced = await conn.request(recordUpdateRequest(created.rid, doc({ title: 'forced' }, 'Note'), -1));
  assert.equal(forced.version, 3);

  await assert.rejects(conn.request(recordDeleteRequest(created.rid, 1)), ConcurrentModificationError);
  assert.equal(await conn.request(recordDeleteRequest(created.rid, 3)), true);
  assert.equal(await conn.request(recordLoadRequest(created.rid)), null);
  assert.equal(await conn.request(recordLoadRequest(new RecordId(created.rid.cluster, 999_999))), null);
  const again = await conn.request(recordCreateRequest(-1, doc({ title: 'c' }, 'Note')));
  const nullPlan = {
    ...recordLoadRequest(again.rid),
    write: (w: Writer) => {
      w.short(again.rid.cluster).long(again.rid.position).string(null).byte(0).byte(0);
    },
  };
  await assert.rejects(
    conn.request(nullPlan),
    (e: ServerError) => e instanceof ServerError && e.javaClass === 'java.lang.NullPointerException',
    'a null fetch plan crashes the server-side load (so the encoder always sends "")',
  );
  assert.ok(await conn.request(recordLoadRequest(again.rid)), 'the connection stays usable');
  conn.close();
  await db.drop();
});

test('TX_COMMIT with full content: temporary RIDs are mapped to real ones', async () => {
  const db = await testDatabase();
  const conn = await openDatabase(db);
  await query(conn, { statement: 'create class Note', mode: 'command' });
  const t1 = new RecordId(-1, -2);
  const t2 = new RecordId(-1, -3);
  const res = await conn.request(
    txCommitRequest(1, [
      { type: 'create', rid: t1, recordType: 0x64, content: doc({ n: 1 }, 'Note') },
      { type: 'create', rid: t2, recordType: 0x64, content: doc({ n: 2, other: t1 }, 'Note') },
    ]),
  );
  assert.equal(res.created.length, 2);
  const byTemp = new Map(res.created.map((c) => [c.tempRid.toString(), c.rid]));
  const real1 = byTemp.get(t1.toString());
  const real2 = byTemp.get(t2.toString());
  assert.ok(real1 && real1.cluster >= 0 && real2 && real2.cluster >= 0);
  const two = await conn.request(recordLoadRequest(real2));
  assert.equal(String(decodeRecordContent(two!.content)['other']), real1.toString(), 'the link was rewritten');
  conn.close();
  await db.drop();
});

test('live query: SUBSCRIBE_PUSH returns a monitor id; changes arrive as push frames; UNSUBSCRIBE ends it', async () => {
  const db = await testDatabase();
  const conn = await openDatabase(db);
  const writer = await openDatabase(db);
  await query(conn, { statement: 'create class Note', mode: 'command' });
  const pushes: PushMessage[] = [];
  let wake: () => void = () => {};
  conn.onPush((m) => {
    pushes.push(m);
    wake();
  }, decodePush);
  const until = async (pred: () => boolean) => {
    while (!pred())
      await new Promise<void>((r) => {
        wake = r;
      });
  };

  const monitorId = await conn.request(
    liveQuerySubscribeRequest('select from Note where n > :min', encodeQueryParams({ min: 0 })),
  );
  assert.ok(Number.isInteger(monitorId));
  await query(writer, { statement: 'insert into Note set n = 5', mode: 'command' });
  await query(writer, { statement: 'update Note set n = 6 where n = 5', mode: 'command' });
  await query(writer, { statement: 'delete from Note where n = 6', mode: 'command' });
  const events = () => pushes.flatMap((p) => (p.kind === 'live-query' && p.status !== 'error' ? p.events : []));
  await until(() => events().length >= 3);
  assert.deepEqual(
    events().map((e) => e.type),
    ['create', 'update', 'delete'],
  );
  assert.equal(events()[0]!.current['n'], 5);
  assert.equal(events()[1]!.current['n'], 6);
  assert.equal(events()[1]!.before?.['n'], 5);
  assert.ok(pushes.every((p) => p.kind === 'live-query' && p.monitorId === monitorId));

  await conn.request(liveQueryUnsubscribeRequest(monitorId));
  await until(() => pushes.some((p) => p.kind === 'live-query' && p.status === 'end'));
  assert.ok(await query(conn, { statement: 'select count(*) as c from Note' }), 'stream still in sync');
  conn.close();
  writer.close();
  await db.drop();
});
