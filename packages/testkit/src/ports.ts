// Free loopback ports, checked with a bind. They are picked below the kernel's ephemeral range: a port
// that listen(0) hands out comes from that range, which outgoing connections draw from too, and in the
// seconds between the check and OrientDB's own bind a browser's or a test's connection sometimes took
// it (OrientDB then exits: "Unable to listen for connections ... busy").
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST = 20_000;
const ATTEMPTS = 50;

/** The first port of the kernel's ephemeral range (Linux's default when it cannot be read). */
function ephemeralStart(): number {
  try {
    const first = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(first) && first > LOWEST + 1000 ? first : 32_768;
  } catch {
    return 32_768;
  }
}

/** Binds `port` (0: the kernel's choice) and closes again; the port bound, or undefined if it was taken. */
function tryPort(host: string, port: number): Promise<number | undefined> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', (err: NodeJS.ErrnoException) =>
      err.code === 'EADDRINUSE' || err.code === 'EACCES' ? resolve(undefined) : reject(err),
    );
    server.listen(port, host, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(bound));
    });
  });
}

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const end = ephemeralStart();
  for (let i = 0; i < ATTEMPTS; i++) {
    const port = await tryPort(host, LOWEST + Math.floor(Math.random() * (end - LOWEST)));
    if (port !== undefined) return port;
  }
  const port = await tryPort(host, 0);
  if (port === undefined) throw new Error(`no free port on ${host}`);
  return port;
}
