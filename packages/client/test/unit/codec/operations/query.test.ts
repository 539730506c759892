// QUERY / SERVER_QUERY / QUERY_NEXT_PAGE / CLOSE_QUERY against hand-built hex fixtures (OQueryRequest,
// OQueryResponse, OQueryNextPageRequest, OCloseQueryRequest), and the resumable page skipper.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  CLOSE_QUERY,
  QUERY,
  QUERY_NEXT_PAGE,
  createQueryResponseSkipper,
} from '../../../../src/codec/operations/query.js';
import { encodeQueryParams } from '../../../../src/codec/params.js';
import { Incomplete, Reader } from '../../../../src/codec/reader.js';
import { decodeAtEverySplit, encoded, hex, i32, i64, str, toHex } from './fixtures.js';

const vstr = (s: string) => (s.length * 2).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');
/** A projection result item { [name]: INTEGER n } (n < 64): type 4, bytes(OResult: 1 property, 0 metadata). */
const projection = (name: string, n: number) => {
  const body = '02' + vstr(name) + '01' + (n * 2).toString(16).padStart(2, '0') + '00';
  return '04' + i32(body.length / 2) + body;
};
/** A page of projections. */
const page = (queryId: string, items: string[], hasNext: boolean, stats: Array<[string, number]> = []) =>
  str(queryId) +
  '00' +
  '00' +
  i32(0) +
  i32(items.length) +
  items.join('') +
  (hasNext ? '01' : '00') +
  i32(stats.length) +
  stats.map(([k, v]) => str(k) + i64(v)).join('') +
  '00';

test('QUERY request: language, statement, mode byte, page size, null reserved, params bytes, named flag', () => {
  assert.equal(
    encoded((w) => QUERY.write(w, { statement: 'select from V' })),
    str('sql') + str('select from V') + '01' + i32(100) + 'ffffffff' + i32(0) + '01',
  );
  assert.equal(
    encoded((w) => QUERY.write(w, { statement: 'x', mode: 'command', pageSize: 7 })),
    str('sql') + str('x') + '00' + i32(7) + 'ffffffff' + i32(0) + '01',
  );
  const params = encodeQueryParams({ a: 1 });
  // "" · 1 field · "params" EMBEDDEDMAP · 1 entry · "a" INTEGER 1
  assert.equal(toHex(params), '00' + '02' + vstr('params') + '0c' + '02' + vstr('a') + '01' + '02');
  assert.equal(
    encoded((w) =>
      QUERY.write(w, { statement: 'let a = 1', mode: 'script', language: 'sql', params, namedParams: true }),
    ),
    str('sql') + str('let a = 1') + '02' + i32(100) + 'ffffffff' + i32(params.length) + toHex(params) + '01',
  );
  const positional = encodeQueryParams(['z']);
  assert.equal(
    encoded((w) => QUERY.write(w, { statement: 'q', params: positional, namedParams: false })),
    str('sql') + str('q') + '01' + i32(100) + 'ffffffff' + i32(positional.length) + toHex(positional) + '00',
  );
});

test('QUERY_NEXT_PAGE and CLOSE_QUERY requests', () => {
  assert.equal(
    encoded((w) => QUERY_NEXT_PAGE.write(w, { queryId: 'q1', pageSize: 50 })),
    str('q1') + i32(50),
  );
  assert.equal(
    encoded((w) => CLOSE_QUERY.write(w, { queryId: 'q1' })),
    str('q1'),
  );
});

test('QUERY response: id, flags, items, next-page flag, stats, reload flag — at every split', () => {
  const data = hex(page('17_3', [projection('n', 1), projection('n', 2)], true, [['k', 5]]));
  const p = decodeAtEverySplit(data, QUERY.readAnswer);
  assert.equal(p.queryId, '17_3');
  assert.equal(p.txChanges, false);
  assert.equal(p.plan, null);
  assert.deepEqual(
    p.items.map((x) => ({ ...x })),
    [{ n: 1 }, { n: 2 }],
  );
  assert.equal(p.hasNextPage, true);
  assert.deepEqual(p.stats, { k: 5 });
  assert.equal(p.reloadMetadata, false);
  decodeAtEverySplit(data, (r) => createQueryResponseSkipper()(r));
});

test('QUERY response with an execution plan before the items', () => {
  const data = hex(str('q') + '01' + '01' + projection('plan', 3) + i32(0) + i32(0) + '00' + i32(0) + '01');
  const p = decodeAtEverySplit(data, QUERY.readAnswer);
  assert.equal(p.txChanges, true);
  assert.deepEqual({ ...p.plan! }, { plan: 3 });
  assert.equal(p.reloadMetadata, true);
  decodeAtEverySplit(data, (r) => createQueryResponseSkipper()(r));
});

test('the page skipper resumes after the last complete item and finds the same end', () => {
  const items = Array.from({ length: 20 }, (_, i) => projection('n', i));
  const data = hex(page('q', items, false));
  const skip = createQueryResponseSkipper();
  let calls = 0;
  for (let n = 0; n <= data.length; n++) {
    const r = new Reader(data, 0, n);
    try {
      calls++;
      skip(r);
      assert.equal(n, data.length, 'completes only with every byte');
      assert.equal(r.pos, data.length);
    } catch (e) {
      assert.ok(e instanceof Incomplete);
    }
  }
  assert.equal(calls, data.length + 1);
});

test('the page skipper reports the cursor id and next-page flag once, only when the page is complete — at every split', () => {
  const items = Array.from({ length: 5 }, (_, i) => projection('n', i));
  for (const [hasNext, stats] of [
    [true, []],
    [false, [['a', 1]]],
  ] as Array<[boolean, Array<[string, number]>]>) {
    const data = hex(page('q7', items, hasNext, stats));
    for (let split = 0; split < data.length; split++) {
      const heard: Array<[string, boolean]> = [];
      const skip = createQueryResponseSkipper((id, more) => heard.push([id, more]));
      assert.throws(() => skip(new Reader(data, 0, split)), Incomplete);
      assert.deepEqual(heard, [], `nothing heard with ${split} of ${data.length} bytes`);
      const r = new Reader(data);
      skip(r);
      assert.equal(r.pos, data.length);
      assert.deepEqual(heard, [['q7', hasNext]], `split ${split}`);
    }
  }
});
