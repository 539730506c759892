// A TCP relay between the bridge and OrientDB that records what the client sent, so a test can
// check the bytes relayed after a reload: no DB_OPEN or CONNECT, and never the password.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface Chunk {
  connection: number;
  bytes: Buffer;
}

/** A chunk in either direction. */
export interface LoggedChunk extends Chunk {
  from: 'client' | 'server';
}

export interface Tap {
  host: string;
  port: number;
  /** Client-to-server chunks, in arrival order. */
  readonly sent: Chunk[];
  /** Chunks both ways, in arrival order (to tell what a client sent after an answer). */
  readonly log: LoggedChunk[];
  /** Upstream connections opened so far. */
  readonly connections: number;
  /** A position in `sent`, to look only at what came after it. */
  mark(): number;
  /** Client bytes since `mark`, per connection. */
  sentSince(mark: number): Buffer[];
  /** Closes every relayed connection (like an OrientDB restart would) but keeps listening. */
  dropAll(): void;
  close(): Promise<void>;
}

export async function startTap(upstreamHost: string, upstreamPort: number): Promise<Tap> {
  const sent: Chunk[] = [];
  const log: LoggedChunk[] = [];
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    const id = ++connections;
    const upstream = connect(upstreamPort, upstreamHost);
    sockets.add(client);
    sockets.add(upstream);
    client.on('data', (d) => {
      const bytes = Buffer.from(d);
      sent.push({ connection: id, bytes });
      log.push({ connection: id, bytes, from: 'client' });
      upstream.write(d);
    });
    upstream.on('data', (d) => {
      log.push({ connection: id, bytes: Buffer.from(d), from: 'server' });
      client.write(d);
    });
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    sent,
    log,
    get connections() {
      return connections;
    },
    mark: () => sent.length,
    sentSince(mark) {
      const per = new Map<number, Buffer[]>();
      for (const c of sent.slice(mark)) per.set(c.connection, [...(per.get(c.connection) ?? []), c.bytes]);
      return [...per.values()].map((list) => Buffer.concat(list));
    },
    dropAll() {
      for (const s of sockets) s.destroy();
      sockets.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Requests that carry credentials: DB_OPEN (3) or CONNECT (2) with session id -1. */
export function credentialRequests(bytes: Buffer): string[] {
  const found: string[] = [];
  for (let i = 0; i + 5 <= bytes.length; i++) {
    if ((bytes[i] === 3 || bytes[i] === 2) && bytes.readInt32BE(i + 1) === -1)
      found.push(`${bytes[i] === 3 ? 'DB_OPEN' : 'CONNECT'}@${i}`);
  }
  return found;
}

/** How many times `needle` (a token, say) occurs in `bytes`. */
export function occurrences(bytes: Buffer, needle: Uint8Array): number {
  let n = 0;
  for (let at = bytes.indexOf(needle); at !== -1; at = bytes.indexOf(needle, at + needle.length)) n++;
  return n;
}

/**
 * The opcodes of the requests in `bytes` (a connection's client stream from a request boundary) that
 * carry `token`: a request with a token starts with its opcode, the session id and the token's length.
 */
export function tokenRequests(bytes: Buffer, token: Uint8Array): number[] {
  const opcodes: number[] = [];
  for (let at = bytes.indexOf(token); at !== -1; at = bytes.indexOf(token, at + token.length))
    if (at >= 9 && bytes.readInt32BE(at - 4) === token.length) opcodes.push(bytes[at - 9]!);
  return opcodes;
}
