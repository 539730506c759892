// Microbenchmark of reading requests back with the operation table's scanner (what the bridge will run on
// every client byte): MB/s for a mix, a 16 MiB TX_COMMIT and a big RECORD_CREATE fed in 64 KiB chunks, and
// the time per typical query request. Run: node --conditions=source --import tsx bench/micro/request-read.ts
import {
  operationOf,
  RequestScanner,
  REQUEST_DB_OPEN,
  REQUEST_DB_SIZE,
  REQUEST_HANDSHAKE,
  REQUEST_QUERY,
  REQUEST_QUERY_NEXT_PAGE,
  REQUEST_RECORD_CREATE,
  REQUEST_RECORD_LOAD,
  REQUEST_RECORD_UPDATE,
  REQUEST_TX_COMMIT,
  type Framing,
} from '@orientdb-edge/client/protocol';
import { encodeRequestHeader } from '../../packages/client/src/codec/frame.js';
import { encodeQueryParams } from '../../packages/client/src/codec/params.js';
import { RecordId } from '../../packages/client/src/codec/record-id.js';
import { Writer } from '../../packages/client/src/codec/writer.js';
import { microsPerCall } from '../lib/micros-per-call.js';
import { median } from '../lib/stats.js';

const MiB = 1024 * 1024;
const CHUNK = 64 * 1024;
const ROUNDS = 7;
const TOKEN = new Uint8Array(180).fill(0x41);

function frame(opcode: number, args: unknown, framing: Framing = 'handshake'): Uint8Array {
  const w = new Writer();
  if (opcode === REQUEST_HANDSHAKE) w.byte(opcode);
  else encodeRequestHeader(w, opcode, opcode === REQUEST_DB_OPEN ? -1 : 42, opcode === REQUEST_DB_OPEN ? null : TOKEN);
  operationOf(opcode)!.write(w, args, framing);
  return w.finish();
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const params = encodeQueryParams({ name: 'alice', age: 42 });
const query = frame(REQUEST_QUERY, {
  statement: 'select from Person where name = :name and age > :age',
  mode: 'query',
  params,
  namedParams: true,
});
const doc = new Uint8Array(200).fill(3);

/** A session's typical traffic after the handshake and the open, repeated to about `size` bytes. */
function mix(size: number): { data: Uint8Array; requests: number } {
  const head = [
    frame(REQUEST_HANDSHAKE, { protocolVersion: 38, driverName: 'orientdb-edge', driverVersion: '0.1.0' }),
    frame(REQUEST_DB_OPEN, { database: 'demo', user: 'admin', password: 'admin' }),
  ];
  const round = [
    query,
    frame(REQUEST_RECORD_LOAD, { rid: new RecordId(12, 345) }),
    frame(REQUEST_RECORD_CREATE, { clusterId: -1, content: doc, recordType: 100 }),
    frame(REQUEST_RECORD_UPDATE, { rid: new RecordId(12, 345), content: doc, version: 3, recordType: 100 }),
    frame(REQUEST_DB_SIZE, undefined),
    frame(REQUEST_QUERY_NEXT_PAGE, { queryId: '12_34', pageSize: 100 }),
    frame(REQUEST_TX_COMMIT, {
      txId: 7,
      operations: [
        { type: 'create', rid: new RecordId(-1, -2), recordType: 100, content: doc },
        { type: 'delete', rid: new RecordId(12, 9), recordType: 100, version: 2 },
      ],
    }),
  ];
  const roundBytes = round.reduce((n, p) => n + p.length, 0);
  const parts = [...head];
  const times = Math.ceil(size / roundBytes);
  for (let i = 0; i < times; i++) parts.push(...round);
  return { data: concat(parts), requests: head.length + times * round.length };
}

function bigCommit(size: number, recordSize: number): Uint8Array {
  const content = new Uint8Array(recordSize).fill(7);
  const operations = [];
  for (let i = 0, total = 0; total < size; i++, total += recordSize + 30) {
    operations.push({ type: 'create' as const, rid: new RecordId(-1, -2 - i), recordType: 100, content });
  }
  return frame(REQUEST_TX_COMMIT, { txId: 1, operations });
}

/** Feeds `data` in `chunk`-byte pieces to a fresh scanner; returns the requests read. */
function scan(data: Uint8Array, chunk: number): number {
  const scanner = new RequestScanner({ framing: 'handshake' });
  let n = 0;
  for (let at = 0; at < data.length; at += chunk) n += scanner.push(data.subarray(at, at + chunk)).length;
  if (scanner.buffered !== 0) throw new Error('requests left unfinished');
  return n;
}

function throughput(label: string, data: Uint8Array, expected: number): void {
  scan(data, CHUNK);
  const ms: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const t = performance.now();
    const n = scan(data, CHUNK);
    ms.push(performance.now() - t);
    if (n !== expected) throw new Error(`${label}: ${n} requests, expected ${expected}`);
  }
  const m = median(ms);
  console.log(
    `${label.padEnd(58)} ${(data.length / MiB).toFixed(1).padStart(6)} MiB  ${(data.length / MiB / (m / 1000)).toFixed(0).padStart(6)} MiB/s  (median of ${ROUNDS}, ${m.toFixed(1)} ms)`,
  );
}

function perQuery(): void {
  const scanner = new RequestScanner({ framing: 'handshake' });
  const n = 200_000;
  const us = microsPerCall(
    () => {
      if (scanner.push(query).length !== 1) throw new Error('query not read');
    },
    n,
    ROUNDS,
  );
  console.log(
    `${'QUERY, short SQL + 2 named params, one request per push'.padEnd(58)} ${String(query.length).padStart(6)} B    ${us.toFixed(2).padStart(6)} µs/request  (median of ${ROUNDS} x ${n})`,
  );
}

console.log(`node ${process.version}, ${process.arch}; chunks of ${CHUNK / 1024} KiB`);
const m = mix(8 * MiB);
throughput(`mix of ${m.requests} typical requests`, m.data, m.requests);
throughput('TX_COMMIT of 16 MiB, 1 KiB records', bigCommit(16 * MiB, 1024), 1);
throughput('TX_COMMIT of 16 MiB, 64-byte records', bigCommit(16 * MiB, 64), 1);
throughput(
  'RECORD_CREATE with 15 MiB of content',
  frame(REQUEST_RECORD_CREATE, {
    clusterId: 5,
    content: new Uint8Array(15 * MiB).fill(9),
    recordType: 98,
  }),
  1,
);
perQuery();
