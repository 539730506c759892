// Microbenchmark of the bridge's policy gate (packages/bridge/src/request-gate.ts): µs per request read,
// judged and forwarded, one request per WebSocket message, for a typical query request and for a mix, next
// to the scanner alone (what reading costs without the policy).
// Run: node --conditions=source --import tsx bench/micro/policy.ts
import {
  operationOf,
  RequestScanner,
  REQUEST_DB_COUNTRECORDS,
  REQUEST_DB_SIZE,
  REQUEST_HANDSHAKE,
  REQUEST_QUERY,
  REQUEST_QUERY_NEXT_PAGE,
  REQUEST_RECORD_CREATE,
  REQUEST_RECORD_LOAD,
} from '@orientdb-edge/client/protocol';
import { encodeRequestHeader } from '../../packages/client/src/codec/frame.js';
import { encodeQueryParams } from '../../packages/client/src/codec/params.js';
import { RecordId } from '../../packages/client/src/codec/record-id.js';
import { Writer } from '../../packages/client/src/codec/writer.js';
import { createLogger } from '../../packages/bridge/src/logger.js';
import { LoginThrottle } from '../../packages/bridge/src/login-throttle.js';
import type { Policy } from '../../packages/bridge/src/policy.js';
import { RequestGate } from '../../packages/bridge/src/request-gate.js';
import { microsPerCall } from '../lib/micros-per-call.js';

const ROUNDS = 7;
const N = 200_000;

/** An OrientDB token as 3.2 issues it for a database user: header, payload, 32-byte signature. */
function token(): Uint8Array {
  const w = new Writer();
  w.byte(0).byte(0).byte(0);
  const str = (s: string) => {
    const b = new TextEncoder().encode(s);
    w.short(b.length);
    for (const x of b) w.byte(x);
  };
  str('demo');
  w.byte(0)
    .short(5)
    .long(0n)
    .long(BigInt(Date.now() + 3_600_000))
    .byte(0)
    .short(38);
  str('ORecordSerializerNetworkV37');
  str('orientdb-edge');
  str('0.1.0');
  for (let i = 0; i < 32; i++) w.byte(i);
  return w.finish().slice();
}
const TOKEN = token();

function frame(opcode: number, args: unknown): Buffer {
  const w = new Writer();
  if (opcode === REQUEST_HANDSHAKE) w.byte(opcode);
  else encodeRequestHeader(w, opcode, 42, TOKEN);
  operationOf(opcode)!.write(w, args);
  return Buffer.from(w.finish());
}

const query = frame(REQUEST_QUERY, {
  statement: 'select from Person where name = :name and age > :age',
  mode: 'query',
  params: encodeQueryParams({ name: 'alice', age: 42 }),
  namedParams: true,
});
const doc = new Uint8Array(200).fill(3);
const mix = [
  query,
  frame(REQUEST_RECORD_LOAD, { rid: new RecordId(12, 345) }),
  frame(REQUEST_RECORD_CREATE, { clusterId: -1, content: doc, recordType: 100 }),
  frame(REQUEST_DB_SIZE, undefined),
  frame(REQUEST_QUERY_NEXT_PAGE, { queryId: '12_34', pageSize: 100 }),
  frame(REQUEST_QUERY, { statement: "update Person set age = 43 where name = 'alice'", mode: 'command' }),
  frame(REQUEST_DB_COUNTRECORDS, undefined),
];

const POLICY: Policy = {
  enabled: true,
  allowServerOps: false,
  databases: new Set(['demo']),
  readOnly: false,
  loginFailuresPerAddress: 5,
  loginFailuresPerUser: 20,
  loginWindowMs: 60_000,
};

function gate(): RequestGate {
  let sink = 0;
  const g = new RequestGate(
    {
      policy: POLICY,
      throttle: new LoginThrottle({ perAddress: 5, perUser: 20, windowMs: 60_000 }),
      log: createLogger('silent'),
      conn: 1,
      upstream: 'default',
      address: '127.0.0.1',
      resumed: false,
      framing: undefined,
      maxRequestSize: 64 * 1024 * 1024,
      maxHeld: 64 * 1024 * 1024,
    },
    {
      forward: (b) => {
        sink += b.length;
      },
      refuse: () => {
        throw new Error('refused');
      },
      fail: (_kind, reason) => {
        throw new Error(reason);
      },
    },
  );
  g.push(frame(REQUEST_HANDSHAKE, { protocolVersion: 38, driverName: 'orientdb-edge', driverVersion: '0.1.0' }));
  if (sink === 0) throw new Error('nothing forwarded');
  return g;
}

/** µs per message for `push` over `messages` (cycled), median of ROUNDS after a warm-up. */
function perRequest(push: (m: Buffer) => void, messages: Buffer[]): number {
  return microsPerCall((i) => push(messages[i % messages.length]!), N, ROUNDS);
}

function row(label: string, messages: Buffer[]): void {
  const scanner = new RequestScanner({ framing: 'handshake' });
  const scanOnly = perRequest((m) => {
    if (scanner.push(m).length !== 1) throw new Error('not read');
  }, messages);
  const g = gate();
  const gated = perRequest((m) => g.push(m), messages);
  console.log(
    `${label.padEnd(44)} scanner ${scanOnly.toFixed(2).padStart(5)} µs   gate (read + check + forward) ${gated.toFixed(2).padStart(5)} µs   policy adds ${(gated - scanOnly).toFixed(2)} µs`,
  );
}

console.log(`node ${process.version}, ${process.arch}; one request per message, median of ${ROUNDS} x ${N}`);
row(`QUERY (${query.length} B, token, 2 named params)`, [query]);
row(`mix of ${mix.length} (query, load, create, size, page, command, count)`, mix);
