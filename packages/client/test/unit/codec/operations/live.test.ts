// SUBSCRIBE_PUSH / UNSUBSCRIBE_PUSH for live queries against hand-written hex fixtures
// (OSubscribeRequest + OSubscribeLiveQueryRequest, OUnsubscribeRequest + OUnsubscribeLiveQueryRequest).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Incomplete, Reader } from '../../../../src/codec/reader.js';
import { Writer } from '../../../../src/codec/writer.js';
import { SUBSCRIBE_LIVE_QUERY, UNSUBSCRIBE_LIVE_QUERY } from '../../../../src/codec/operations/live.js';
import { hex, toHex } from './fixtures.js';

test('subscribe: kind 2, query string, params bytes, named flag', () => {
  const w = new Writer();
  // params document: no class, 1 field "params" of type EMBEDDEDMAP with 0 entries
  SUBSCRIBE_LIVE_QUERY.write(w, {
    query: 'select from V',
    params: hex('00 02 0c 706172616d73 0c 00'),
    namedParams: true,
  });
  assert.equal(
    toHex(w.finish()),
    '02' + '0000000d' + Buffer.from('select from V').toString('hex') + '0000000b' + '00020c706172616d730c00' + '01',
  );
});

test('subscribe response is the monitor id', () => {
  const bytes = hex('0000002a');
  for (let n = 0; n < 4; n++) assert.throws(() => SUBSCRIBE_LIVE_QUERY.readAnswer(new Reader(bytes, 0, n)), Incomplete);
  assert.equal(SUBSCRIBE_LIVE_QUERY.readAnswer(new Reader(bytes)), 42);
});

test('unsubscribe: kind 2, monitor id', () => {
  const w = new Writer();
  UNSUBSCRIBE_LIVE_QUERY.write(w, { monitorId: 42 });
  assert.equal(toHex(w.finish()), '02' + '0000002a');
});
