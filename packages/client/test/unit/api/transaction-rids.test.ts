// Replacing temporary RIDs after a commit in rows, links, nested values, maps and sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { remapRids, summarize } from '../../../src/api/transaction-rids.js';
import { RecordId } from '../../../src/codec/record-id.js';

const rid = (s: string) => RecordId.parse(s);
const commit = {
  created: [
    { tempRid: rid('#14:-2'), rid: rid('#14:7'), version: 1 },
    { tempRid: rid('#-1:-3'), rid: rid('#15:0'), version: 1 },
  ],
  updated: [{ rid: rid('#9:1'), version: 5 }],
  deleted: [],
  collectionChanges: [],
};

test('temporary RIDs become real in rows, links, lists, maps, sets and nested objects; versions follow', () => {
  const a: Record<string, unknown> = { '@rid': rid('#14:-2'), '@version': 0, name: 'a' };
  const b: Record<string, unknown> = {
    '@rid': rid('#-1:-3'),
    '@version': 0,
    friend: rid('#14:-2'),
    list: [rid('#14:-2'), rid('#3:3')],
    nested: { deep: [{ link: rid('#-1:-3') }] },
    map: new Map([['k', rid('#14:-2')]]),
    set: new Set([rid('#-1:-3')]),
    self: null as unknown,
  };
  b['self'] = b;
  const c: Record<string, unknown> = { '@rid': rid('#9:1'), '@version': 4 };
  const returned = { pair: [a, b], raw: rid('#14:-2') };
  remapRids([a, b, c, returned], commit);
  assert.equal(String(a['@rid']), '#14:7');
  assert.equal(a['@version'], 1);
  assert.equal(String(b['@rid']), '#15:0');
  assert.equal(String(b['friend']), '#14:7');
  assert.deepEqual((b['list'] as RecordId[]).map(String), ['#14:7', '#3:3']);
  assert.equal(String((b['nested'] as { deep: Array<{ link: RecordId }> }).deep[0]!.link), '#15:0');
  assert.equal(String((b['map'] as Map<string, RecordId>).get('k')), '#14:7');
  assert.deepEqual([...(b['set'] as Set<RecordId>)].map(String), ['#15:0']);
  assert.equal(c['@version'], 5);
  assert.equal(String(returned.raw), '#14:7');
});

test('summarize maps a temporary RID (or its text) to the real one, and leaves others alone', () => {
  const s = summarize(commit);
  assert.equal(String(s.ridOf('#-1:-3')), '#15:0');
  assert.equal(String(s.ridOf(rid('#14:-2'))), '#14:7');
  assert.equal(String(s.ridOf('#3:3')), '#3:3');
});
