// One raw socket to OrientDB: writes frames as given and hands the bytes that come back to a FrameWalker.
import { connect, type Socket } from 'node:net';
import { FrameWalker, type ResponseKind, type WalkResult } from './walker.js';

export class RawConnection {
  readonly #socket: Socket;
  readonly #walker = new FrameWalker();

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      try {
        this.#walker.push(chunk);
      } catch (error) {
        this.#walker.fail(error as Error);
        socket.destroy();
      }
    });
    socket.on('error', (error) => this.#walker.fail(error));
    socket.on('close', () => this.#walker.fail(new Error('raw socket closed')));
  }

  /** Connects and waits for the server's 2-byte protocol greeting. */
  static async connect(host: string, port: number): Promise<RawConnection> {
    const socket = connect({ host, port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const conn = new RawConnection(socket);
    await conn.#walker.expect('greeting');
    return conn;
  }

  /** Writes one frame and resolves when the walker has seen the end of its response. */
  send(frame: Uint8Array, kind: ResponseKind): Promise<WalkResult> {
    const done = this.#walker.expect(kind);
    this.#socket.write(frame);
    return done;
  }

  /** Writes frames that get no response (e.g. the handshake before DB_OPEN). */
  write(frame: Uint8Array): void {
    this.#socket.write(frame);
  }

  close(): void {
    this.#socket.destroy();
  }
}
