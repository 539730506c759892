// A Connection over the in-memory transport, with hand-built response frames (independent of the codec).
import type { TestContext } from 'node:test';
import { StatefulConnection as Connection } from '../../../src/session/stateful-connection.js';
import type { ConnectionOptions } from '../../../src/session/types.js';
import { memoryTransport, type MemoryPeer, type MemoryTransportOptions } from '../../support/memory-transport.js';
import type { Transport } from '../../../src/transport/transport.js';
import { hex, i16, i32, i64, str } from '../codec/operations/fixtures.js';
import { REQUEST_DB_OPEN, REQUEST_DB_RELOAD as DB_RELOAD } from '../../../src/codec/operations/opcodes.js';

export { hex, i32, i64, str };
export { toHex } from '../codec/operations/fixtures.js';

export const GREETING_38 = hex('0026');

export async function opened(options: ConnectionOptions = {}): Promise<{ conn: Connection; peer: MemoryPeer }> {
  const mt = memoryTransport({ greeting: GREETING_38 });
  const conn = await Connection.open(mt.transport, options);
  const peer = mt.peer;
  peer.takeWritten();
  return { conn, peer };
}

/** An OK frame: status 0, echoed session, renewal bytes (null = length -1), echoed opcode, body. */
export const okFrame = (sessionId: number, opcode: number, body: string, renewal: string | null = null): string =>
  '00' +
  i32(sessionId) +
  (renewal === null ? 'ffffffff' : i32(renewal.length / 2) + renewal) +
  opcode.toString(16).padStart(2, '0') +
  body;

/**
 * The OK answer to DB_RELOAD, which a database session asks ahead of its first call on a connection
 * while it does not know the database's time zone: a storage configuration naming `timeZone`.
 */
export const reloadAnswer = (sessionId: number, timeZone = 'UTC'): string =>
  okFrame(
    sessionId,
    DB_RELOAD,
    str('yyyy-MM-dd') +
      str('yyyy-MM-dd HH:mm:ss') +
      str('db') +
      i32(23) + // version
      str(null) + // directory
      i32(0) + // properties
      i16(0) +
      i64(1) + // schema record #0:1
      i16(0) +
      i64(2) + // index manager record #0:2
      str('round-robin') +
      str(null) + // conflict strategy
      '01' + // validation
      str('en') +
      i32(8) + // minimum clusters
      '00' + // strict SQL
      str('UTF-8') +
      str(timeZone) +
      str('US') +
      str('ORecordSerializerBinary') +
      i32(0) +
      i32(14) + // binary format version
      i32(1) + // clusters
      i32(0) +
      str('internal'),
  );

export const errorFrame = (sessionId: number, opcode: number, javaClass: string, message: string, code = 5): string =>
  '01' +
  i32(sessionId) +
  'ffffffff' +
  opcode.toString(16).padStart(2, '0') +
  i32(code) +
  i32(0) +
  '01' +
  str(javaClass) +
  str(message) +
  '00' +
  i32(0);

/** Delivers bytes to the client split at the given offsets. */
export function pushSplit(peer: MemoryPeer, data: Uint8Array, ...offsets: number[]): void {
  let from = 0;
  for (const o of [...offsets, data.length]) {
    if (o > from) peer.push(data.subarray(from, o));
    from = Math.max(from, o);
  }
}

export function pushBytewise(peer: MemoryPeer, data: Uint8Array): void {
  for (const b of data) peer.push([b]);
}

/** Settles a promise into a tagged result so tests can assert rejections without unhandled ones. */
export function settle<T>(p: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: Error }> {
  return p.then(
    (value) => ({ ok: true as const, value }),
    (error: Error) => ({ ok: false as const, error }),
  );
}

/** The memory transport, with a promise of the peer of each new connection the client makes. */
export function announcingTransport(options: MemoryTransportOptions = {}): {
  transport: Transport;
  nextPeer(): Promise<MemoryPeer>;
} {
  const mt = memoryTransport(options);
  const waiting: Array<(peer: MemoryPeer) => void> = [];
  const transport: Transport = {
    ...mt.transport,
    async connect(handlers, o) {
      const stream = await mt.transport.connect(handlers, o);
      waiting.shift()?.(mt.peer);
      return stream;
    },
  };
  return { transport, nextPeer: () => new Promise<MemoryPeer>((resolve) => waiting.push(resolve)) };
}

/** Resolves once `peer` has received `n` requests with `opcode` (each request is one write). */
export function written(peer: MemoryPeer, opcode: number, n = 1): Promise<void> {
  return new Promise((resolve) => {
    const check = () => {
      if (peer.writes.filter((w) => w[0] === opcode).length < n) return;
      off();
      resolve();
    };
    const off = peer.onWrite(check);
    check();
  });
}

/** The opcode of each request `peer` received, in order. */
export const opcodes = (peer: MemoryPeer): Array<number | undefined> => peer.writes.map((w) => w[0]);

/**
 * The background reattach waits on timers that do not hold the process (a program that is done exits
 * during it), and the memory transport holds nothing: a test that waits for the reattach holds the
 * process open itself, as an application that waits for it would.
 */
export function holdProcess(t: TestContext): void {
  const handle = setInterval(() => undefined, 60_000);
  t.after(() => clearInterval(handle));
}

/** A QUERY answer's page of projections { n: INTEGER } (values < 64), no next page. */
export const numberPage = (...ns: number[]): string =>
  str('q1') +
  '00' +
  '00' +
  i32(0) +
  i32(ns.length) +
  ns
    .map((v) => {
      const body = '02' + '026e' + '01' + (v * 2).toString(16).padStart(2, '0') + '00'; // the field 'n' (varint length 1)
      return '04' + i32(body.length / 2) + body;
    })
    .join('') +
  '00' +
  i32(0) +
  '00';

/** What loggedInClient() needs of a client class: the sources' OrientDB, or the browser bundle's. */
type ClientClass<C> = new (options: { transport: Transport; tokenStore: null; keepAlive: false; crossTab: false }) => C;

/**
 * A client of `Client` logged in to 'db' (session 9) over an announcing memory transport, and the peer
 * of its connection. Its first call is preceded by the question for the database's time zone (DB_RELOAD).
 */
export async function loggedInClient<
  C extends { dbOpen(db: string, user: string, password: string): Promise<unknown> },
>(Client: ClientClass<C>): Promise<{ client: C; peer: MemoryPeer; nextPeer: () => Promise<MemoryPeer> }> {
  const { transport, nextPeer } = announcingTransport({ greeting: GREETING_38 });
  const client = new Client({ transport, tokenStore: null, keepAlive: false, crossTab: false });
  const next = nextPeer();
  const login = client.dbOpen('db', 'u', 'p');
  const peer = await next;
  await written(peer, REQUEST_DB_OPEN);
  peer.push(hex(okFrame(-1, REQUEST_DB_OPEN, i32(9) + i32(3) + 'aabbcc')));
  await login;
  return { client, peer, nextPeer };
}
