// An answer that lies about its size, or keeps coming after its call gave up, cannot make the client
// buffer without bound: past maxAnswerBytes the connection closes with FrameTooLargeError, and an
// answer still arriving for an abandoned call closes the connection instead of being read to the end.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConnectionLostError, FrameTooLargeError } from '../../../src/errors.js';
import { dbSizeRequest, queryRequest } from '../../support/requests.js';
import { hex, i32, okFrame, opened, settle, str } from './harness.js';
import { REQUEST_QUERY as QUERY } from '../../../src/codec/operations/opcodes.js';

const SID = 5;
/** The head of a QUERY answer that declares `count` results, without the results. */
const pageHead = (count: number) => okFrame(SID, QUERY, `${str('q1')}0000${i32(0)}${i32(count)}`);
/** One projection result { n: 1 }, as a page item. */
const item = () => {
  const body = `02${'02'}${Buffer.from('n').toString('hex')}0102` + '00';
  return '04' + i32(body.length / 2) + body;
};

async function session(maxAnswerBytes: number) {
  const { conn, peer } = await opened({ maxAnswerBytes });
  conn.sessionId = SID;
  conn.token = hex('ab');
  return { conn, peer };
}

test('a page that declares 2^31 - 1 rows and keeps sending them closes the connection at maxAnswerBytes', async () => {
  const { conn, peer } = await session(64 * 1024);
  const closed = new Promise<Error | undefined>((resolve) => conn.onClose(resolve));
  const page = settle(conn.request(queryRequest({ statement: 'SELECT FROM V' })));
  peer.push(hex(pageHead(0x7fffffff)));
  const chunk = hex(item().repeat(256));
  let sent = 0;
  while (!conn.closed && sent < 1024 * 1024) {
    peer.push(chunk);
    sent += chunk.length;
  }
  const outcome = await page;
  assert.equal(outcome.ok, false);
  assert.ok(!outcome.ok && outcome.error instanceof FrameTooLargeError, String(!outcome.ok && outcome.error));
  assert.match(!outcome.ok ? outcome.error.message : '', /maxAnswerBytes/);
  assert.ok(sent <= 64 * 1024 + chunk.length, `stopped after ${sent} bytes, not at the end of the lie`);
  assert.ok((await closed) instanceof FrameTooLargeError);
});

test('a large answer still arriving after its call was aborted closes the connection; the next call fails as lost, not hung', async () => {
  const { conn, peer } = await session(1024 * 1024);
  const abort = new AbortController();
  const page = settle(conn.request(queryRequest({ statement: 'SELECT FROM V' }), { signal: abort.signal }));
  const next = settle(conn.request(dbSizeRequest()));
  peer.push(hex(pageHead(100_000) + item().repeat(10_000)));
  abort.abort();
  const first = await page;
  assert.ok(!first.ok && first.error.name === 'AbortError');
  const second = await next;
  assert.ok(!second.ok && second.error instanceof ConnectionLostError, String(!second.ok && second.error));
  assert.equal(conn.closed, true);
});

test('an abandoned call whose answer has not begun keeps the connection: the answer is read and dropped when it comes', async () => {
  const { conn, peer } = await session(1024 * 1024);
  const abort = new AbortController();
  const size = settle(conn.request(dbSizeRequest(), { signal: abort.signal }));
  abort.abort();
  assert.equal((await size).ok, false);
  const again = conn.request(dbSizeRequest());
  peer.push(hex(okFrame(SID, 8, '0000000000000007') + okFrame(SID, 8, '0000000000000009')));
  assert.equal(await again, 9);
  assert.equal(conn.closed, false);
});
