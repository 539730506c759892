// One raw connection to OrientDB, over TCP or through the bridge (WebSocket, after hello/welcome):
// writes frames as given and hands the bytes that come back to a FrameWalker.
import { connect } from 'node:net';
import WebSocket from 'ws';
import { encodeHello, SUBPROTOCOL } from '@orientdb-edge/bridge';
import { FrameWalker, type ResponseKind, type WalkResult } from './walker.js';

interface Pipe {
  write(bytes: Uint8Array): void;
  close(): void;
}

export class RawConnection {
  readonly #walker = new FrameWalker();
  #pipe: Pipe = { write: () => undefined, close: () => undefined };

  private constructor() {}

  #data = (chunk: Uint8Array): void => {
    try {
      this.#walker.push(chunk);
    } catch (error) {
      this.#walker.fail(error as Error);
      this.#pipe.close();
    }
  };

  /** Connects over TCP and waits for the server's 2-byte protocol greeting. */
  static async connect(host: string, port: number): Promise<RawConnection> {
    const conn = new RawConnection();
    const socket = connect({ host, port, noDelay: true });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    socket.on('data', conn.#data);
    socket.on('error', (error) => conn.#walker.fail(error));
    socket.on('close', () => conn.#walker.fail(new Error('raw socket closed')));
    conn.#pipe = { write: (b) => socket.write(b), close: () => socket.destroy() };
    await conn.#walker.expect('greeting');
    return conn;
  }

  /** Connects through the bridge: hello, welcome, then the same bytes as TCP, one message per write. */
  static async viaBridge(url: string): Promise<RawConnection> {
    const conn = new RawConnection();
    const ws = new WebSocket(url, SUBPROTOCOL, { perMessageDeflate: false });
    ws.binaryType = 'nodebuffer';
    const greeting = conn.#walker.expect('greeting');
    await new Promise<void>((resolve, reject) => {
      let welcomed = false;
      ws.once('open', () => ws.send(encodeHello({ v: 1 })));
      ws.on('message', (data: Buffer) => {
        if (welcomed) {
          conn.#data(data);
          return;
        }
        welcomed = true;
        resolve();
      });
      ws.once('error', reject);
      ws.once('close', (code) => {
        const error = new Error(`bridge closed with ${code}`);
        conn.#walker.fail(error);
        reject(error);
      });
    });
    conn.#pipe = { write: (b) => ws.send(b), close: () => ws.terminate() };
    await greeting;
    return conn;
  }

  /** Writes one frame and resolves when the walker has seen the end of its response. */
  send(frame: Uint8Array, kind: ResponseKind): Promise<WalkResult> {
    const done = this.#walker.expect(kind);
    this.#pipe.write(frame);
    return done;
  }

  /** Writes frames that get no response (e.g. the handshake before a reattach). */
  write(frame: Uint8Array): void {
    this.#pipe.write(frame);
  }

  close(): void {
    this.#pipe.close();
  }
}
