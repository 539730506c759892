// client.tx() loads the batch's code on first use (lazy-modules.ts), then attaches synchronously:
// every operation attached goes into the one TX_COMMIT, in the order attached, each record as it was
// when attached; an update of a record created in the batch replaces its creation, a delete takes it
// out; a bad value fails the attaching call itself. Over the memory transport with hand-built answers,
// in a process of its own (node --test), so the batch's code is not loaded when the test starts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OrientDB } from '../../../src/api/client.js';
import { transactions } from '../../../src/api/lazy-modules.js';
import { readDocument } from '../../../src/codec/document.js';
import { TX_COMMIT_REQUEST_READER, type TxOperation } from '../../../src/codec/operations/transactions.js';
import { Reader } from '../../../src/codec/reader.js';
import { RecordId } from '../../../src/codec/record-id.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import { i16 } from '../codec/operations/fixtures.js';
import { hex, i32, i64, loggedInClient, okFrame, reloadAnswer, written } from '../session/harness.js';
import {
  REQUEST_TX_COMMIT as TX_COMMIT,
  REQUEST_DB_RELOAD as DB_RELOAD,
} from '../../../src/codec/operations/opcodes.js';

const SID = 9;

/** What one operation of the commit says: its type, RID, version and the record's class and fields. */
function described(op: TxOperation): unknown[] {
  const version = op.type === 'create' ? undefined : op.version;
  const content = op.type === 'delete' ? undefined : readDocument(new Reader(op.content));
  return [op.type, String(op.rid), version, content];
}

test('tx() loads the batch code; the operations attached are all committed, as and in the order attached', async () => {
  const { client, peer } = await loggedInClient(OrientDB);

  assert.equal(transactions.loaded, undefined, 'the batch code is not in the page until tx() asks for it');
  const tx = await client.tx();
  const a = tx.create('Node', { name: 'a' });
  const fieldsOfB: Record<string, unknown> = { name: 'b', friend: a };
  const b = tx.create(12, fieldsOfB);
  fieldsOfB['name'] = 'changed after attaching';
  tx.update(a, { name: 'a2', friend: b }); // replaces a's creation, where it stands, keeping its class
  tx.update('#10:4', { '@class': 'Thing', n: 1 }, { version: 3 });
  const c = tx.create('Node', { name: 'c' });
  tx.delete(c); // never created
  tx.delete(new RecordId(10, 5), { version: 7 });
  assert.throws(() => tx.create('Node', { bad: Symbol('not a value') }), InvalidArgumentError);
  assert.throws(() => tx.update('#10:6', { n: 1 }, { version: 1.5 }), InvalidArgumentError);
  assert.throws(() => tx.update('#10:6', null as never), InvalidArgumentError);
  assert.throws(() => tx.delete('not a rid'), InvalidArgumentError);
  assert.throws(() => tx.create('', {}), InvalidArgumentError);
  assert.equal(tx.size, 4);
  assert.deepEqual([String(a), String(b), String(c)], ['#-1:-2', '#12:-3', '#-1:-4']);

  const committing = tx.commit();
  await written(peer, TX_COMMIT);
  const request = peer.writes.find((w) => w[0] === TX_COMMIT)!;
  const r = new Reader(request);
  r.byte(); // the request header: opcode, session id, token
  r.int();
  r.bytesField();
  const { operations } = TX_COMMIT_REQUEST_READER('handshake')(r);
  assert.deepEqual(operations!.map(described), [
    ['create', '#-1:-2', undefined, { '@class': 'Node', name: 'a2', friend: new RecordId(12, -3) }],
    ['create', '#12:-3', undefined, { name: 'b', friend: new RecordId(-1, -2) }],
    ['update', '#10:4', 3, { '@class': 'Thing', n: 1 }],
    ['delete', '#10:5', 7, undefined],
  ]);

  const rid = (cluster: number, position: number) => i16(cluster) + i64(position);
  const answer =
    i32(2) +
    rid(-1, -2) +
    rid(20, 0) +
    i32(1) +
    rid(12, -3) +
    rid(12, 7) +
    i32(1) +
    i32(1) +
    rid(10, 4) +
    i32(4) +
    i32(1) +
    rid(10, 5) +
    i32(0);
  const zone = peer.writes.some((w) => w[0] === DB_RELOAD) ? reloadAnswer(SID) : '';
  peer.push(hex(zone + okFrame(SID, TX_COMMIT, answer)));
  const summary = await committing;
  assert.equal(String(summary.ridOf(a)), '#20:0');
  assert.equal(String(summary.ridOf(b)), '#12:7');
  assert.throws(() => tx.create('Node', {}), InvalidArgumentError, 'a committed batch takes no more operations');
  await client.close();
});
