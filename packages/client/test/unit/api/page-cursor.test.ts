// toArray reads one page ahead: QUERY_NEXT_PAGE goes out as soon as a page the reader waits for is
// complete, before it is decoded; closing with a page in flight drains it, then CLOSE_QUERY if still open.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PageCursor } from '../../../src/api/page-cursor.js';
import { ResultStream } from '../../../src/api/query-stream.js';
import { queryRequest } from '../../../src/api/statement-request.js';
import { StatefulConnection as Connection } from '../../../src/session/stateful-connection.js';
import { memoryTransport } from '../../support/memory-transport.js';
import { fixedSession } from '../../support/session.js';
import type { Transport } from '../../../src/transport/transport.js';
import { GREETING_38, errorFrame, hex, i32, okFrame, opened, settle, str, toHex } from '../session/harness.js';
import {
  REQUEST_QUERY as QUERY,
  REQUEST_CLOSE_QUERY as CLOSE_QUERY,
  REQUEST_QUERY_NEXT_PAGE as NEXT_PAGE,
} from '../../../src/codec/operations/opcodes.js';

/** SELECT n FROM V: no parameter, so its request is built at once (not a promise of one). */
function selectN() {
  const first = queryRequest<{ n: number }>('query', 'SELECT n FROM V', {}, 2, 'memory', {});
  assert.ok(!(first instanceof Promise));
  return first;
}

const SESSION = 9;

const vstr = (s: string) => (s.length * 2).toString(16).padStart(2, '0') + Buffer.from(s).toString('hex');
/** A projection { n: INTEGER v } (v < 64). */
const projection = (v: number) => {
  const body = '02' + vstr('n') + '01' + (v * 2).toString(16).padStart(2, '0') + '00';
  return '04' + i32(body.length / 2) + body;
};
const pageBody = (queryId: string, from: number, count: number, hasNext: boolean) =>
  str(queryId) +
  '00' +
  '00' +
  i32(0) +
  i32(count) +
  Array.from({ length: count }, (_, i) => projection(from + i)).join('') +
  (hasNext ? '01' : '00') +
  i32(0) +
  '00';
const nextPageRequest = (queryId: string, pageSize: number) =>
  '2f' + i32(SESSION) + i32(2) + 'abcd' + str(queryId) + i32(pageSize);
const closeRequest = (queryId: string) => '2e' + i32(SESSION) + i32(2) + 'abcd' + str(queryId);

const tick = () => new Promise((r) => setImmediate(r));

async function session() {
  const { conn, peer } = await opened();
  conn.sessionId = SESSION;
  conn.token = hex('abcd');
  return { conn, peer };
}

test('toArray asks for page n+1 when page n is complete, at every split of the frame, and joins the pages', async () => {
  const frame1 = hex(okFrame(SESSION, QUERY, pageBody('q1', 0, 3, true)));
  for (let split = 1; split < frame1.length; split++) {
    const { conn, peer } = await session();
    const rows = new ResultStream<{ n: number }>(
      fixedSession(conn),
      queryRequest('query', 'SELECT n FROM V', {}, 3, 'memory', {}),
      3,
      {},
    ).toArray();
    await tick();
    peer.takeWritten();
    peer.push(frame1.subarray(0, split));
    assert.equal(peer.takeWritten().length, 0, `nothing sent with ${split} of ${frame1.length} bytes`);
    peer.push(frame1.subarray(split));
    assert.equal(toHex(peer.takeWritten()), nextPageRequest('q1', 3), 'page 2 asked for as page 1 completed');
    await tick();
    peer.push(hex(okFrame(SESSION, NEXT_PAGE, pageBody('q1', 3, 3, true))));
    assert.equal(toHex(peer.takeWritten()), nextPageRequest('q1', 3), 'page 3 asked for as page 2 completed');
    await tick();
    peer.push(hex(okFrame(SESSION, NEXT_PAGE, pageBody('q1', 6, 2, false))));
    assert.deepEqual(
      (await rows).map((r) => r.n),
      [0, 1, 2, 3, 4, 5, 6, 7],
    );
    assert.equal(peer.takeWritten().length, 0, 'nothing after the last page');
    conn.close();
  }
});

test('a stream read with for-await stays lazy: no page is asked for before the loop needs it', async () => {
  const { conn, peer } = await session();
  const stream = new ResultStream<{ n: number }>(
    fixedSession(conn),
    queryRequest('query', 'SELECT n FROM V', {}, 2, 'memory', {}),
    2,
    {},
  );
  const it = stream[Symbol.asyncIterator]();
  const first = it.next();
  await tick();
  peer.takeWritten();
  peer.push(hex(okFrame(SESSION, QUERY, pageBody('q2', 0, 2, true))));
  assert.deepEqual((await first).value, { n: 0 });
  assert.equal(peer.takeWritten().length, 0);
  assert.deepEqual((await it.next()).value, { n: 1 });
  assert.equal(peer.takeWritten().length, 0, 'the second page is not asked for while the first is read');
  const done = it.return!();
  await tick();
  assert.equal(toHex(peer.takeWritten()), closeRequest('q2'), 'leaving early closes the cursor');
  peer.push(hex(okFrame(SESSION, CLOSE_QUERY, '')));
  await done;
  conn.close();
});

test('close with a page in flight waits for it, then sends CLOSE_QUERY when the cursor is still open', async () => {
  const { conn, peer } = await session();
  const cursor = new PageCursor<{ n: number }>(fixedSession(conn), conn, 2, {}, true);
  const first = cursor.first(selectN());
  await tick();
  peer.takeWritten();
  peer.push(hex(okFrame(SESSION, QUERY, pageBody('q3', 0, 2, true))));
  assert.equal((await first).items.length, 2);
  assert.equal(toHex(peer.takeWritten()), nextPageRequest('q3', 2), 'page 2 in flight');
  let closed = false;
  const closing = cursor.close().then(() => {
    closed = true;
  });
  await new Promise((r) => setImmediate(r));
  assert.equal(closed, false, 'close waits for the page in flight');
  assert.equal(peer.takeWritten().length, 0, 'no CLOSE_QUERY before the page in flight is answered');
  peer.push(hex(okFrame(SESSION, NEXT_PAGE, pageBody('q3', 2, 2, true))));
  await tick();
  assert.equal(toHex(peer.takeWritten()), closeRequest('q3'), 'the cursor is still open: CLOSE_QUERY');
  peer.push(hex(okFrame(SESSION, CLOSE_QUERY, '')));
  await closing;
  assert.equal(await cursor.next(), undefined, 'a closed cursor has no more pages');
  assert.ok(conn.idle);
  conn.close();
});

test('close after an in-flight page that was the last, or that failed, sends nothing more', async () => {
  for (const answer of ['last', 'error'] as const) {
    const { conn, peer } = await session();
    const cursor = new PageCursor<{ n: number }>(fixedSession(conn), conn, 2, {}, true);
    const first = cursor.first(selectN());
    await tick();
    peer.takeWritten();
    peer.push(hex(okFrame(SESSION, QUERY, pageBody('q4', 0, 2, true))));
    await first;
    peer.takeWritten();
    const closing = settle(cursor.close());
    peer.push(
      hex(
        answer === 'last'
          ? okFrame(SESSION, NEXT_PAGE, pageBody('q4', 2, 1, false))
          : errorFrame(
              SESSION,
              NEXT_PAGE,
              'com.orientechnologies.orient.core.exception.OCommandExecutionException',
              'boom',
            ),
      ),
    );
    assert.deepEqual(await closing, { ok: true, value: undefined }, answer);
    await new Promise((r) => setImmediate(r));
    assert.equal(peer.takeWritten().length, 0, `${answer}: no CLOSE_QUERY`);
    assert.ok(conn.idle, answer);
    conn.close();
  }
});

test('a failed page ends toArray with the error and leaves the connection usable', async () => {
  const { conn, peer } = await session();
  const rows = settle(
    new ResultStream(
      fixedSession(conn),
      queryRequest('query', 'SELECT n FROM V', {}, 2, 'memory', {}),
      2,
      {},
    ).toArray(),
  );
  await tick();
  peer.takeWritten();
  peer.push(hex(okFrame(SESSION, QUERY, pageBody('q5', 0, 2, true))));
  peer.push(
    hex(
      errorFrame(SESSION, NEXT_PAGE, 'com.orientechnologies.orient.core.exception.OCommandExecutionException', 'boom'),
    ),
  );
  const outcome = await rows;
  assert.equal(outcome.ok, false);
  assert.match(String((outcome as { error: Error }).error.message), /boom/);
  const takenAfter = peer.takeWritten();
  assert.equal(
    toHex(takenAfter),
    nextPageRequest('q5', 2),
    'only page 2 was asked for; no CLOSE_QUERY after a failure',
  );
  assert.ok(conn.idle);
  conn.close();
});

test('a page asked for while a frame is being decoded is flushed to the transport at once; other requests are not', async () => {
  const mt = memoryTransport({ greeting: GREETING_38 });
  const log: string[] = [];
  const transport: Transport = {
    kind: 'memory',
    endpoint: 'memory',
    async connect(handlers, options) {
      const inner = await mt.transport.connect(handlers, options);
      return {
        write: (bytes) => {
          log.push(`write ${bytes[0]}`);
          inner.write(bytes);
        },
        flush: () => {
          log.push('flush');
        },
        close: (o) => inner.close(o),
        get resumed() {
          return inner.resumed;
        },
        get resumeId() {
          return inner.resumeId;
        },
      };
    },
  };
  const conn = await Connection.open(transport);
  conn.sessionId = SESSION;
  conn.token = hex('abcd');
  log.length = 0;
  const rows = new ResultStream<{ n: number }>(
    fixedSession(conn),
    queryRequest('query', 'SELECT n FROM V', {}, 2, 'memory', {}),
    2,
    {},
  ).toArray();
  await tick();
  assert.deepEqual(log, [`write ${QUERY}`], 'the first request waits for the end of the tick like any other');
  mt.peer.push(hex(okFrame(SESSION, QUERY, pageBody('q6', 0, 2, true))));
  assert.deepEqual(
    log,
    [`write ${QUERY}`, `write ${NEXT_PAGE}`, 'flush'],
    'the read-ahead request is flushed before page 1 is decoded',
  );
  mt.peer.push(hex(okFrame(SESSION, NEXT_PAGE, pageBody('q6', 2, 1, false))));
  assert.deepEqual(
    (await rows).map((r) => r.n),
    [0, 1, 2],
  );
  conn.close();
});
