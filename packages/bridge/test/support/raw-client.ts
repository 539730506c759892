// A test client that speaks the bridge protocol by hand with `ws`: hello, welcome, then a byte
// stream read by exact counts. Also collects the close code and reason.
import { WebSocket, type ClientOptions } from 'ws';
import { decodeWelcome, encodeHello, SUBPROTOCOL, type Hello, type Welcome } from '../../src/index.js';

export interface Closed {
  code: number;
  reason: string;
}

export class RawClient {
  readonly ws: WebSocket;
  readonly closed: Promise<Closed>;
  welcome: Welcome | undefined;
  #chunks: Buffer[] = [];
  #have = 0;
  #wait: (() => void) | undefined;
  #welcomeWaiter: ((w: Welcome) => void) | undefined;
  #isClosed = false;

  private constructor(ws: WebSocket) {
    this.ws = ws;
    this.closed = new Promise((resolve) => {
      ws.on('close', (code, reason) => {
        this.#isClosed = true;
        this.#wait?.();
        resolve({ code, reason: reason.toString() });
      });
    });
    ws.on('error', () => {});
    ws.on('message', (data: Buffer) => {
      if (!this.welcome && this.#welcomeWaiter) {
        this.welcome = decodeWelcome(data);
        this.#welcomeWaiter(this.welcome);
        return;
      }
      this.#chunks.push(data);
      this.#have += data.length;
      this.#wait?.();
    });
  }

  /** Opens the WebSocket (resolves on open) without sending a hello. */
  static open(url: string, options: ClientOptions & { protocols?: string[] } = {}): Promise<RawClient> {
    const { protocols = [SUBPROTOCOL], ...rest } = options;
    const ws = new WebSocket(url, protocols, rest);
    const client = new RawClient(ws);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(client));
      ws.once('unexpected-response', (_req, res) =>
        reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode, headers: res.headers })),
      );
      ws.once('error', reject);
    });
  }

  /** Opens, sends the hello and waits for the welcome. */
  static async connect(url: string, hello: Hello = { v: 1 }, options: ClientOptions = {}): Promise<RawClient> {
    const client = await RawClient.open(url, options);
    await client.hello(hello);
    return client;
  }

  hello(hello: Hello | Uint8Array = { v: 1 }): Promise<Welcome> {
    const welcome = new Promise<Welcome>((resolve, reject) => {
      this.#welcomeWaiter = resolve;
      void this.closed.then((c) => reject(Object.assign(new Error(`closed ${c.code} ${c.reason}`), c)));
    });
    this.ws.send(hello instanceof Uint8Array ? hello : encodeHello(hello));
    return welcome;
  }

  send(bytes: Uint8Array): void {
    this.ws.send(bytes);
  }

  get buffered(): number {
    return this.#have;
  }

  /** Resolves with exactly n bytes from the stream; rejects if the socket closes first. */
  async read(n: number): Promise<Buffer> {
    while (this.#have < n) {
      if (this.#isClosed) throw new Error(`closed with ${this.#have} of ${n} bytes`);
      await new Promise<void>((resolve) => {
        this.#wait = resolve;
      });
      this.#wait = undefined;
    }
    const all = Buffer.concat(this.#chunks);
    this.#chunks = all.length > n ? [all.subarray(n)] : [];
    this.#have = all.length - n;
    return all.subarray(0, n);
  }

  close(code?: number, reason?: string): Promise<Closed> {
    this.ws.close(code, reason);
    return this.closed;
  }
}
