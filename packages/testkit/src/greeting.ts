// Reads the 2-byte protocol version OrientDB writes first on every binary connection.
import { connect } from 'node:net';

export function readGreeting(host: string, port: number, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let got = new Uint8Array(0);
    const fail = (err: Error) => {
      socket.destroy();
      reject(err);
    };
    socket.setTimeout(timeoutMs, () => fail(new Error(`no greeting from ${host}:${port} in ${timeoutMs} ms`)));
    socket.on('error', fail);
    socket.on('data', (chunk: Uint8Array) => {
      const next = new Uint8Array(got.length + chunk.length);
      next.set(got);
      next.set(chunk, got.length);
      got = next;
      if (got.length >= 2) {
        socket.destroy();
        resolve(new DataView(got.buffer, got.byteOffset, 2).getInt16(0));
      }
    });
    socket.on('close', () => {
      if (got.length < 2) reject(new Error(`connection to ${host}:${port} closed before the greeting`));
    });
  });
}
