// RECORD_LOAD/CREATE/UPDATE/DELETE bodies against hand-written hex fixtures (layouts from
// OReadRecordRequest/Response, OCreateRecordRequest/Response, OUpdateRecord*, ODeleteRecord*).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Reader } from '../../../../src/codec/reader.js';
import { RecordId } from '../../../../src/codec/record-id.js';
import { RECORD_CREATE, RECORD_DELETE, RECORD_LOAD, RECORD_UPDATE } from '../../../../src/codec/operations/records.js';

/** The record operations' mode byte: 0 waits for the answer, 2 asks the server for none. */
const NO_RESPONSE = 2;
import { decodeAtEverySplit, encoded, hex } from './fixtures.js';

test('RECORD_LOAD request: rid, empty fetch plan (never null), two flag bytes', () => {
  assert.equal(
    encoded((w) => RECORD_LOAD.write(w, { rid: new RecordId(12, 3) })),
    '000c' + '0000000000000003' + '00000000' + '00' + '00',
  );
  assert.equal(
    encoded((w) =>
      RECORD_LOAD.write(w, {
        rid: RecordId.parse('#9:257'),
        fetchPlan: '*:1',
        ignoreCache: true,
        loadTombstones: true,
      }),
    ),
    '0009' + '0000000000000101' + '00000003' + '2a3a31' + '01' + '01',
  );
});

test('RECORD_LOAD response: not found is one zero byte', () => {
  assert.equal(decodeAtEverySplit(hex('00'), RECORD_LOAD.readAnswer), null);
});

test('RECORD_LOAD response: found, with one prefetched record and one RID-only entry', () => {
  const bytes = hex(
    '01' +
      '64' +
      '00000007' +
      '00000003' +
      'aabbcc' + // type 'd', version 7, content
      '02' +
      '0000' +
      '64' +
      '0005' +
      '0000000000000002' +
      '00000001' +
      '00000001' +
      'ee' + // prefetched #5:2 v1
      '02' +
      'fffd' +
      '0006' +
      '0000000000000000' + // RID-only entry, skipped
      '00',
  );
  const res = decodeAtEverySplit(bytes, RECORD_LOAD.readAnswer)!;
  assert.equal(res.recordType, 0x64);
  assert.equal(res.version, 7);
  assert.deepEqual([...res.content], [0xaa, 0xbb, 0xcc]);
  assert.equal(res.prefetched.length, 1);
  assert.equal(res.prefetched[0]!.rid.toString(), '#5:2');
  assert.equal(res.prefetched[0]!.version, 1);
  assert.deepEqual([...res.prefetched[0]!.content], [0xee]);
});

test('RECORD_CREATE request: cluster short, content bytes, record type, mode', () => {
  assert.equal(
    encoded((w) => RECORD_CREATE.write(w, { clusterId: -1, content: hex('0002'), recordType: 0x64 })),
    'ffff' + '00000002' + '0002' + '64' + '00',
  );
  assert.equal(
    encoded((w) => RECORD_CREATE.write(w, { clusterId: 17, content: hex('ff'), recordType: 0x62, mode: NO_RESPONSE })),
    '0011' + '00000001' + 'ff' + '62' + '02',
  );
});

test('RECORD_CREATE response: rid, version, collection changes', () => {
  const bytes = hex(
    '0011' +
      '0000000000000004' +
      '00000001' +
      '00000001' +
      '0000000000000001' +
      'ffffffffffffffff' +
      '0000000000000009' +
      '0000000000000002' +
      '00000010',
  );
  const res = decodeAtEverySplit(bytes, RECORD_CREATE.readAnswer);
  assert.equal(res.rid.toString(), '#17:4');
  assert.equal(res.version, 1);
  assert.deepEqual(res.collectionChanges, [{ uuidHigh: 1, uuidLow: -1, fileId: 9, pageIndex: 2, pageOffset: 16 }]);
});

test('RECORD_UPDATE request and response', () => {
  assert.equal(
    encoded((w) =>
      RECORD_UPDATE.write(w, { rid: new RecordId(17, 4), content: hex('0000'), version: 3, recordType: 0x64 }),
    ),
    '0011' + '0000000000000004' + '01' + '00000002' + '0000' + '00000003' + '64' + '00',
  );
  const res = decodeAtEverySplit(hex('00000004' + '00000000'), RECORD_UPDATE.readAnswer);
  assert.deepEqual(res, { version: 4, collectionChanges: [] });
});

test('RECORD_DELETE request and response', () => {
  assert.equal(
    encoded((w) => RECORD_DELETE.write(w, { rid: new RecordId(17, 4), version: 2 })),
    '0011' + '0000000000000004' + '00000002' + '00',
  );
  assert.equal(decodeAtEverySplit(hex('01'), RECORD_DELETE.readAnswer), true);
  assert.equal(decodeAtEverySplit(hex('00'), RECORD_DELETE.readAnswer), false);
});

test('frame RIDs carry 64-bit positions beyond 2^53 as bigint', () => {
  const big = 2n ** 60n + 1n;
  assert.equal(
    encoded((w) => RECORD_DELETE.write(w, { rid: new RecordId(3, big), version: 0 })),
    '0003' + '1000000000000001' + '00000000' + '00',
  );
  const res = RECORD_CREATE.readAnswer(new Reader(hex('0003' + '1000000000000001' + '00000001' + '00000000')));
  assert.equal(res.rid.position, big);
});
