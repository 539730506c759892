// The message meter reads frame headers as ws will: what an unfinished message holds, and since when.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MessageMeter } from '../../src/message-meter.js';

/** A masked client frame (RFC 6455 §5.2) with `length` payload bytes. */
function frame(opcode: number, fin: boolean, length: number): Buffer {
  const ext = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const head = Buffer.alloc(2 + ext + 4);
  head[0] = (fin ? 0x80 : 0) | opcode;
  if (ext === 0) head[1] = 0x80 | length;
  else if (ext === 2) {
    head[1] = 0x80 | 126;
    head.writeUInt16BE(length, 2);
  } else {
    head[1] = 0x80 | 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, Buffer.alloc(length, 7)]);
}

test('whole messages leave nothing held, in any chunking', () => {
  const stream = Buffer.concat([frame(2, true, 10), frame(2, true, 300), frame(2, true, 70_000), frame(9, true, 4)]);
  for (const size of [1, 3, 14, 1000, stream.length]) {
    const m = new MessageMeter();
    let sum = 0;
    for (let i = 0; i < stream.length; i += size) sum += m.onData(stream.subarray(i, i + size), i);
    assert.equal(m.held, 0, `chunks of ${size}`);
    assert.equal(sum, 0);
    assert.equal(m.startedAt, undefined);
  }
});

test('an unfinished fragmented message holds its fragments and the partial frame', () => {
  const m = new MessageMeter();
  m.onData(frame(2, false, 1000), 5);
  assert.equal(m.held, 1000);
  assert.equal(m.startedAt, 5);
  m.onData(frame(0, false, 70_000), 6);
  assert.equal(m.held, 71_000);
  // A ping between fragments neither ends the message nor restarts its clock.
  m.onData(frame(9, true, 2), 7);
  assert.equal(m.held, 71_000);
  assert.equal(m.startedAt, 5);
  const last = frame(0, true, 500);
  m.onData(last.subarray(0, 100), 8);
  assert.equal(m.held, 71_100);
  m.onData(last.subarray(100), 9);
  assert.equal(m.held, 0);
  assert.equal(m.startedAt, undefined);
});

test('one big frame still arriving is held whole so far; 64-bit lengths read', () => {
  const m = new MessageMeter();
  const big = frame(2, true, 100_000);
  assert.equal(m.onData(big.subarray(0, 50_000), 1), 50_000);
  assert.equal(m.startedAt, 1);
  assert.equal(m.onData(big.subarray(50_000), 2), -50_000);
  assert.equal(m.startedAt, undefined);
  m.postpone(10);
  assert.equal(m.startedAt, undefined);
  const started = new MessageMeter();
  started.onData(big.subarray(0, 10), 100);
  started.postpone(50);
  assert.equal(started.startedAt, 150);
});
