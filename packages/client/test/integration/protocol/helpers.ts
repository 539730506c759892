// Shared setup for protocol integration tests: the shared real server, TCP connections (optionally
// recording the server's raw bytes), a test database, and a raw socket for frames the Connection never sends.
import { connect as netConnect, type Socket } from 'node:net';
import { after } from 'node:test';
import { createTestDatabase, sharedServer, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { tcp } from '../../../src/tcp.js';
import { StatefulConnection as Connection } from '../../../src/session/stateful-connection.js';
import type { ConnectionOptions } from '../../../src/session/types.js';
import { databaseOpen, serverConnect } from '../../support/requests.js';
import { Incomplete, Reader } from '../../../src/codec/reader.js';
import type { Transport } from '../../../src/transport/transport.js';

export async function server(): Promise<ServerInfo> {
  return sharedServer();
}

/**
 * Whether OrientDB `version` ('3.0.44', '3.2.49') is of a release line before `line` ('3.1', '3.2'):
 * where servers truly behave differently, a test states each line's behaviour with this.
 */
export function releaseBefore(version: string, line: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const [lineMajor = 0, lineMinor = 0] = line.split('.').map(Number);
  return major < lineMajor || (major === lineMajor && minor < lineMinor);
}

/** Wraps a transport so every byte the server sends is also appended to `received`. */
export function recording(inner: Transport): { transport: Transport; received: () => Uint8Array } {
  const chunks: Uint8Array[] = [];
  return {
    transport: {
      kind: inner.kind,
      endpoint: inner.endpoint,
      connect: (handlers, options) =>
        inner.connect(
          {
            data: (chunk) => {
              chunks.push(chunk.slice());
              handlers.data(chunk);
            },
            closed: (error) => handlers.closed(error),
          },
          options,
        ),
    },
    received: () => Buffer.concat(chunks),
  };
}

export async function connect(options: ConnectionOptions = {}, transport?: Transport): Promise<Connection> {
  const s = await server();
  return Connection.open(transport ?? tcp({ host: s.host, port: s.port }), { timeoutMs: 60_000, ...options });
}

export async function rootConnection(): Promise<Connection> {
  const s = await server();
  const conn = await connect();
  await serverConnect(conn, 'root', s.rootPassword);
  return conn;
}

export async function openDatabase(db: TestDatabase, options: ConnectionOptions = {}): Promise<Connection> {
  const conn = await connect(options);
  await databaseOpen(conn, db.name, db.user, db.password);
  return conn;
}

export async function testDatabase(): Promise<TestDatabase> {
  return createTestDatabase(await server());
}

/** Resolves when the connection reports its close (with the error it reported). */
export function closed(conn: Connection): Promise<Error | undefined> {
  return new Promise((resolve) => {
    conn.onClose(resolve);
  });
}

/** Raw sockets not yet closed: a test that fails before its close() must not keep its file's process alive. */
const openRawSockets = new Set<Socket>();
after(() => {
  for (const socket of openRawSockets) socket.destroy();
});

/**
 * How long a read waits for a frame or a close. OrientDB answers in milliseconds; the slowest thing a
 * test waits for here is the server's own socket timeout (network.socketTimeout, 15 s), once or twice,
 * when it is reading a request's bytes that never come. Past this the test fails, saying what did not
 * come, instead of at the file's timeout.
 */
const FRAME_DEADLINE_MS = 45_000;

/** A bare socket to the server: read exact frames by parsing with a Reader, write raw bytes. */
export class RawSocket {
  readonly socket: Socket;
  #buf = Buffer.alloc(0);
  #waiters: Array<() => void> = [];
  ended = false;

  private constructor(socket: Socket) {
    this.socket = socket;
    openRawSockets.add(socket);
    socket.on('data', (d: Buffer) => {
      this.#buf = Buffer.concat([this.#buf, d]);
      this.#wake();
    });
    socket.on('close', () => {
      openRawSockets.delete(socket);
      this.ended = true;
      this.#wake();
    });
    socket.on('error', () => {});
  }

  static async open(address?: { host: string; port: number }): Promise<RawSocket> {
    const s = address ?? (await server());
    const socket = netConnect({ host: s.host, port: s.port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawSocket(socket);
  }

  #wake(): void {
    const w = this.#waiters;
    this.#waiters = [];
    for (const f of w) f();
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  /** Parses the next frame with `parse`, waiting for bytes; rejects if the socket closes first or no frame comes. */
  async read<T>(parse: (r: Reader) => T): Promise<T> {
    const deadline = performance.now() + FRAME_DEADLINE_MS;
    for (;;) {
      const view = new Uint8Array(this.#buf.buffer, this.#buf.byteOffset, this.#buf.length);
      const r = new Reader(view);
      try {
        const v = parse(r);
        this.#buf = this.#buf.subarray(r.pos);
        return v;
      } catch (e) {
        if (!(e instanceof Incomplete)) throw e;
      }
      if (this.ended) throw new Error('socket closed before a complete frame');
      await this.#more(deadline, `no complete frame (${this.#buf.length} bytes so far)`);
    }
  }

  /** Resolves true when the server closes the socket, false if bytes arrive instead. */
  async closedByServer(): Promise<boolean> {
    const deadline = performance.now() + FRAME_DEADLINE_MS;
    while (!this.ended && this.#buf.length === 0) await this.#more(deadline, 'neither a close nor a byte');
    return this.ended && this.#buf.length === 0;
  }

  /** Waits for the next bytes or close; rejects, naming what did not come, once `deadline` passes. */
  #more(deadline: number, missing: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => {
          this.#waiters = this.#waiters.filter((w) => w !== wake);
          reject(
            new Error(
              `${missing} from ${this.socket.remoteAddress}:${this.socket.remotePort} within ${FRAME_DEADLINE_MS} ms`,
            ),
          );
        },
        Math.max(0, deadline - performance.now()),
      );
      const wake = () => {
        clearTimeout(timer);
        resolve();
      };
      this.#waiters.push(wake);
    });
  }

  close(): void {
    this.socket.destroy();
  }
}
