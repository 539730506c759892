// The request scanner's cost: a 16 MiB TX_COMMIT or a big RECORD_CREATE fed in 64 KiB chunks is read in
// linear work (counted in primitive reads and body-reader runs, not timed), and early views survive the buffer moving.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Incomplete, Reader } from '../../../../src/codec/reader.js';
import { RecordId } from '../../../../src/codec/record-id.js';
import * as op from '../../../../src/codec/operations/opcodes.js';
import { RequestScanner, type ScannedRequest } from '../../../../src/codec/operations/request-frame.js';
import { operationOf } from '../../../../src/codec/operations/table.js';
import type { TxOperation } from '../../../../src/codec/operations/transactions.js';
import { concat, frame, TOKEN } from './operation-cases.js';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;

/** A TX_COMMIT of about `size` bytes: created records of `recordSize` bytes, plus small deletes. */
function bigCommit(size: number, recordSize: number): { data: Uint8Array; entries: number } {
  const content = new Uint8Array(recordSize).fill(7);
  const ops: TxOperation[] = [];
  let total = 0;
  for (let i = 0; total < size; i++) {
    ops.push({ type: 'create', rid: new RecordId(-1, -2 - i), recordType: 100, content });
    ops.push({ type: 'delete', rid: new RecordId(3, i), recordType: 100, version: 1 });
    total += recordSize + 40;
  }
  return { data: frame(op.REQUEST_TX_COMMIT, { txId: 1, operations: ops }, 'handshake'), entries: ops.length };
}

/** A Reader that counts its primitive reads: the work a body reader does. */
class CountingReader extends Reader {
  static reads = 0;
  override byte(): number {
    CountingReader.reads++;
    return super.byte();
  }
  override int(): number {
    CountingReader.reads++;
    return super.int();
  }
  override short(): number {
    CountingReader.reads++;
    return super.short();
  }
  override long(): number | bigint {
    CountingReader.reads++;
    return super.long();
  }
  override bytesField(): Uint8Array | null {
    CountingReader.reads++;
    return super.bytesField();
  }
  override string(): string | null {
    CountingReader.reads++;
    return super.string();
  }
}

test('a 16 MiB TX_COMMIT fed in 64 KiB chunks costs linear work: each entry is read once', () => {
  for (const recordSize of [16, 1000, 100_000]) {
    const { data, entries } = bigCommit(16 * MiB, recordSize);
    const body = data.subarray(1 + 4 + 4 + TOKEN.length);
    // the body reader alone, on ever longer prefixes: reads stay within one pass plus a little per chunk
    const reader = operationOf(op.REQUEST_TX_COMMIT)!.requestReader('handshake');
    CountingReader.reads = 0;
    reader(new CountingReader(body));
    const onePass = CountingReader.reads;
    CountingReader.reads = 0;
    const chunked = operationOf(op.REQUEST_TX_COMMIT)!.requestReader('handshake');
    let calls = 0;
    let args: unknown;
    for (let end = CHUNK; ; end = Math.min(end + CHUNK, body.length)) {
      calls++;
      try {
        args = chunked(new CountingReader(body, 0, end));
        break;
      } catch (e) {
        if (!(e instanceof Incomplete)) throw e;
      }
    }
    assert.ok(onePass >= entries * 4, `${onePass} reads for ${entries} entries`);
    assert.ok(
      CountingReader.reads <= onePass + calls * 8,
      `${CountingReader.reads} reads chunked vs ${onePass} in one pass (${calls} calls)`,
    );
    assert.equal((args as { operations: unknown[] }).operations.length, entries);
    // through the scanner: one body-reader run per chunk at most, and a run only once the bytes it asked for came
    const scanner = new RequestScanner({ framing: 'handshake' });
    let got: ScannedRequest[] = [];
    let pushes = 0;
    for (let at = 0; at < data.length; at += CHUNK) {
      got = got.concat(scanner.push(data.subarray(at, at + CHUNK)));
      pushes++;
    }
    assert.equal(got.length, 1);
    assert.equal((got[0]!.args as { operations: unknown[] }).operations.length, entries);
    assert.ok(scanner.readerCalls <= pushes + 1, `${scanner.readerCalls} reader calls for ${pushes} chunks`);
    // a record longer than a chunk: no run until its bytes are in, so about one run per record, not per chunk
    if (recordSize === 100_000)
      assert.ok(scanner.readerCalls <= entries / 2 + 2, `${scanner.readerCalls} runs, ${entries / 2} records`);
  }
});

test('a RECORD_CREATE with 15 MiB of content fed in 64 KiB chunks runs its reader only when the content is in', () => {
  const content = new Uint8Array(15 * MiB).fill(1);
  const data = frame(op.REQUEST_RECORD_CREATE, { clusterId: 4, content, recordType: 98 }, 'handshake');
  const scanner = new RequestScanner({ framing: 'handshake' });
  const got: ScannedRequest[] = [];
  for (let at = 0; at < data.length; at += CHUNK) got.push(...scanner.push(data.subarray(at, at + CHUNK)));
  assert.equal(got.length, 1);
  assert.equal((got[0]!.args as { content: Uint8Array }).content.length, content.length);
  assert.ok(scanner.readerCalls <= 2, `${scanner.readerCalls} reader calls`);
});

test('views a body reader took early in a request stay intact while the buffer grows and moves', () => {
  const ops: TxOperation[] = Array.from({ length: 400 }, (_, i) => ({
    type: 'create',
    rid: new RecordId(-1, -2 - i),
    recordType: 100,
    content: new Uint8Array(500 + i).fill(i & 0xff),
  }));
  const small = frame(op.REQUEST_DB_SIZE, undefined, 'handshake');
  const data = concat([small, frame(op.REQUEST_TX_COMMIT, { txId: 9, operations: ops }, 'handshake'), small]);
  for (const step of [1000, 4099, 65536]) {
    const scanner = new RequestScanner({ framing: 'handshake' });
    const got: ScannedRequest[] = [];
    for (let at = 0; at < data.length; at += step) {
      const done = scanner.push(data.subarray(at, at + step));
      for (const q of done)
        if (q.opcode === op.REQUEST_TX_COMMIT) assert.deepEqual(q.args, { txId: 9, operations: ops, usingLog: true });
      got.push(...done);
    }
    assert.deepEqual(
      got.map((q) => q.opcode),
      [op.REQUEST_DB_SIZE, op.REQUEST_TX_COMMIT, op.REQUEST_DB_SIZE],
      `step ${step}`,
    );
  }
});
