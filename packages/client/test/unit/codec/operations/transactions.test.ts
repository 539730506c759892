// TX_BEGIN/TX_COMMIT/TX_ROLLBACK bodies against hand-written hex fixtures (OBeginTransaction38Request,
// OCommit38Request, OMessageHelper.writeTransactionEntry, OBeginTransactionResponse, OCommit37Response).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RecordId } from '../../../../src/codec/record-id.js';
import { TX_BEGIN, TX_COMMIT, TX_ROLLBACK } from '../../../../src/codec/operations/transactions.js';
import { decodeAtEverySplit, encoded, hex } from './fixtures.js';

test('TX_BEGIN without content: txId, hasContent false, usingLog true, nothing else', () => {
  assert.equal(
    encoded((w) => TX_BEGIN.write(w, { txId: 5, operations: null })),
    '00000005' + '00' + '01',
  );
});

test('TX_COMMIT with full content: created, updated, deleted entries, end byte, no index changes', () => {
  const ops = [
    { type: 'create' as const, rid: new RecordId(-1, -2), recordType: 0x64, content: hex('0002') },
    { type: 'update' as const, rid: new RecordId(9, 1), recordType: 0x64, version: 3, content: hex('00') },
    { type: 'delete' as const, rid: new RecordId(9, 2), recordType: 0x64, version: 1 },
  ];
  assert.equal(
    encoded((w) => TX_COMMIT.write(w, { txId: 7, operations: ops })),
    '00000007' +
      '01' +
      '01' +
      '01' +
      '03' +
      'ffff' +
      'fffffffffffffffe' +
      '64' +
      '00000002' +
      '0002' +
      '01' +
      '01' +
      '0009' +
      '0000000000000001' +
      '64' +
      '00000003' +
      '00000001' +
      '00' +
      '01' +
      '01' +
      '02' +
      '0009' +
      '0000000000000002' +
      '64' +
      '00000001' +
      '00' +
      '00000000',
  );
});

test('TX_COMMIT without content commits the server-side transaction', () => {
  assert.equal(
    encoded((w) => TX_COMMIT.write(w, { txId: 7, operations: null })),
    '00000007' + '00' + '01',
  );
});

test('TX_ROLLBACK carries only the tx id', () => {
  assert.equal(
    encoded((w) => TX_ROLLBACK.write(w, { txId: 258 })),
    '00000102',
  );
});

test('TX_BEGIN response: tx id and re-assigned RIDs', () => {
  const res = decodeAtEverySplit(
    hex('00000007' + '00000001' + 'ffff' + 'fffffffffffffffe' + '0011' + 'fffffffffffffffe'),
    TX_BEGIN.readAnswer,
  );
  assert.equal(res.txId, 7);
  assert.equal(res.updatedRids.length, 1);
  assert.equal(res.updatedRids[0]![0].toString(), '#-1:-2');
  assert.equal(res.updatedRids[0]![1].toString(), '#17:-2');
});

test('TX_COMMIT response: created (temp → real, version), updated, deleted, collection changes', () => {
  const bytes = hex(
    '00000002' +
      'ffff' +
      'fffffffffffffffe' +
      '0011' +
      '0000000000000000' +
      '00000001' +
      'ffff' +
      'fffffffffffffffd' +
      '0012' +
      '0000000000000000' +
      '00000001' +
      '00000001' +
      '0009' +
      '0000000000000001' +
      '00000004' +
      '00000001' +
      '0009' +
      '0000000000000002' +
      '00000000',
  );
  const res = decodeAtEverySplit(bytes, TX_COMMIT.readAnswer);
  assert.deepEqual(
    res.created.map((c) => [c.tempRid.toString(), c.rid.toString(), c.version]),
    [
      ['#-1:-2', '#17:0', 1],
      ['#-1:-3', '#18:0', 1],
    ],
  );
  assert.deepEqual(
    res.updated.map((u) => [u.rid.toString(), u.version]),
    [['#9:1', 4]],
  );
  assert.deepEqual(res.deleted.map(String), ['#9:2']);
  assert.deepEqual(res.collectionChanges, []);
});
