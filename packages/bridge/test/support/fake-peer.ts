// A fake TCP peer, only for faults the real OrientDB cannot be made to produce on demand (a stalled
// or flooding upstream, bytes while parked, a thousand cheap connections). It writes the 2-byte greeting.
import { createServer, type Server, type Socket } from 'node:net';

export interface FakePeer {
  readonly port: number;
  readonly sockets: Set<Socket>;
  /** Resolves with the next accepted socket. */
  nextSocket(): Promise<Socket>;
  close(): Promise<void>;
}

export async function startFakePeer(onSocket: (socket: Socket) => void = () => {}, greeting = 38): Promise<FakePeer> {
  const sockets = new Set<Socket>();
  const waiters: Array<(s: Socket) => void> = [];
  const queue: Socket[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const g = Buffer.alloc(2);
    g.writeInt16BE(greeting);
    socket.write(g);
    onSocket(socket);
    const w = waiters.shift();
    if (w) w(socket);
    else queue.push(socket);
  });
  server.maxConnections = 10_000;
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1', backlog: 2048 }, resolve));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    sockets,
    nextSocket: () => {
      const s = queue.shift();
      return s ? Promise.resolve(s) : new Promise((resolve) => waiters.push(resolve));
    },
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
