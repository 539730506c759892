// Every request descriptor's response, fed through the memory transport behind a push frame, at every
// split offset of the whole stream and byte by byte; the next request must still be answered in sync.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Request } from '../../../src/session/request.js';
import * as req from '../../support/requests.js';
import * as rec from '../../support/requests.js';
import { RecordId } from '../../../src/codec/record-id.js';
import { decodePush, type PushMessage } from '../../../src/codec/push.js';
import { databaseOpen } from '../../support/requests.js';
import { hex, i32, i64, okFrame, opened, pushBytewise, pushSplit, str } from './harness.js';

const rid = (c: number, p: number) => c.toString(16).padStart(4, '0') + i64(p);
const vstr = (s: string) => (s.length * 2).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');
const proj = (n: number) => {
  const b = '02' + vstr('n') + '01' + (n * 2).toString(16).padStart(2, '0') + '00';
  return '04' + i32(b.length / 2) + b;
};
const page = str('q') + '00' + '00' + i32(0) + i32(2) + proj(1) + proj(2) + '01' + i32(0) + '00';
const listDoc = '00' + '02' + vstr('databases') + '0c' + '02' + vstr('a') + '07' + vstr('r/a');
const cfg =
  str(null) +
  str(null) +
  str('db') +
  i32(1) +
  str(null) +
  i32(0) +
  rid(0, 1) +
  rid(0, 2) +
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
  i32(1) +
  i32(3) +
  str('v');

interface Case {
  name: string;
  req: Request<unknown>;
  body: string;
  check(v: unknown): void;
}
const cases: Case[] = [
  { name: 'DB_SIZE', req: req.dbSizeRequest(), body: i64(99), check: (v) => assert.equal(v, 99) },
  { name: 'DB_COUNTRECORDS', req: req.dbCountRecordsRequest(), body: i64(7), check: (v) => assert.equal(v, 7) },
  { name: 'DB_EXIST', req: req.dbExistRequest('a'), body: '01', check: (v) => assert.equal(v, true) },
  { name: 'DB_CREATE', req: req.dbCreateRequest('a', 'memory'), body: '', check: (v) => assert.equal(v, undefined) },
  { name: 'DB_DROP', req: req.dbDropRequest('a'), body: '', check: (v) => assert.equal(v, undefined) },
  {
    name: 'DB_LIST',
    req: req.dbListRequest(),
    body: i32(listDoc.length / 2) + listDoc,
    check: (v) => assert.deepEqual(v, { a: 'r/a' }),
  },
  {
    name: 'DB_RELOAD',
    req: req.dbReloadRequest(),
    body: cfg,
    check: (v) => assert.deepEqual((v as { clusters: unknown }).clusters, [{ id: 3, name: 'v' }]),
  },
  { name: 'SERVER_INFO', req: req.serverInfoRequest(), body: str('{}'), check: (v) => assert.equal(v, '{}') },
  {
    name: 'QUERY',
    req: req.queryRequest({ statement: 's' }),
    body: page,
    check: (v) => assert.equal((v as { items: unknown[] }).items.length, 2),
  },
  {
    name: 'SERVER_QUERY',
    req: req.serverQueryRequest({ statement: 's' }),
    body: page,
    check: (v) => assert.equal((v as { hasNextPage: boolean }).hasNextPage, true),
  },
  {
    name: 'QUERY_NEXT_PAGE',
    req: req.queryNextPageRequest('q'),
    body: page,
    check: (v) => assert.equal((v as { queryId: string }).queryId, 'q'),
  },
  { name: 'CLOSE_QUERY', req: req.closeQueryRequest('q'), body: '', check: (v) => assert.equal(v, undefined) },
  {
    name: 'RECORD_LOAD',
    req: rec.recordLoadRequest(new RecordId(9, 1)),
    body: '01' + '64' + i32(3) + i32(2) + '0000' + '00',
    check: (v) => assert.equal((v as { version: number }).version, 3),
  },
  {
    name: 'RECORD_CREATE',
    req: rec.recordCreateRequest(-1, new Uint8Array(2)),
    body: rid(9, 4) + i32(1) + i32(0),
    check: (v) => assert.equal(String((v as { rid: RecordId }).rid), '#9:4'),
  },
  {
    name: 'RECORD_UPDATE',
    req: rec.recordUpdateRequest(new RecordId(9, 4), new Uint8Array(2), 1),
    body: i32(2) + i32(0),
    check: (v) => assert.equal((v as { version: number }).version, 2),
  },
  {
    name: 'RECORD_DELETE',
    req: rec.recordDeleteRequest(new RecordId(9, 4), 2),
    body: '01',
    check: (v) => assert.equal(v, true),
  },
  {
    name: 'TX_BEGIN',
    req: rec.txBeginRequest(5),
    body: i32(5) + i32(0),
    check: (v) => assert.equal((v as { txId: number }).txId, 5),
  },
  {
    name: 'TX_COMMIT',
    req: rec.txCommitRequest(5, null),
    body: i32(1) + rid(-1, -2) + rid(9, 5) + i32(1) + i32(0) + i32(0) + i32(0),
    check: (v) => assert.equal(String((v as { created: Array<{ rid: RecordId }> }).created[0]!.rid), '#9:5'),
  },
  { name: 'TX_ROLLBACK', req: rec.txRollbackRequest(5), body: '', check: (v) => assert.equal(v, undefined) },
  {
    name: 'SUBSCRIBE_PUSH',
    req: rec.liveQuerySubscribeRequest('select from V', new Uint8Array(0)),
    body: i32(12),
    check: (v) => assert.equal(v, 12),
  },
  {
    name: 'UNSUBSCRIBE_PUSH',
    req: rec.liveQueryUnsubscribeRequest(12),
    body: '',
    check: (v) => assert.equal(v, undefined),
  },
];

const PUSH = '03' + '51' + i32(12) + '01' + i32(1) + '01' + proj(4);
const OPEN_OK = okFrame(-1, 3, i32(9) + i32(1) + 'aa');

async function session() {
  const { conn, peer } = await opened();
  const p = databaseOpen(conn, 'db', 'u', 'p');
  peer.push(hex(OPEN_OK));
  await p;
  const pushes: PushMessage[] = [];
  conn.onPush((m) => pushes.push(m), decodePush);
  return { conn, peer, pushes };
}

for (const c of cases) {
  test(`${c.name}: response behind a push, at every split and byte by byte, then in sync`, async () => {
    const stream = hex(PUSH + okFrame(9, c.req.opcode, c.body) + okFrame(9, 8, i64(1)));
    const runs: Array<(peer: Parameters<typeof pushBytewise>[0]) => void> = [(peer) => pushBytewise(peer, stream)];
    for (let k = 1; k < stream.length; k++) runs.push((peer) => pushSplit(peer, stream, k));
    for (const run of runs) {
      const { conn, peer, pushes } = await session();
      const value = conn.request(c.req);
      const next = conn.request(req.dbSizeRequest());
      run(peer);
      c.check(await value);
      assert.equal(await next, 1);
      assert.equal(pushes.length, 1);
      assert.equal(conn.idle, true);
    }
  });
}
