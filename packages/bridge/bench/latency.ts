// Added round-trip latency of the bridge: the same sequential OrientDB requests (DB_EXIST after a
// CONNECT) straight over TCP and through the bridge CLI process, against a real OrientDB.
// Run: node --conditions=source --import tsx packages/bridge/bench/latency.ts [requests]
import { connect, type Socket } from 'node:net';
import { startOrientDB } from '@orientdb-edge/testkit';
import { cliFlags, runBridgeCli } from '../test/support/bridge-process.js';
import { RawClient } from '../test/support/raw-client.js';
import { dbExistRequest, loginAsRoot, readDbExistResponse, type ByteStream } from '../test/support/orientdb-bytes.js';

const N = Number(process.argv[2] ?? 3000);

class TcpStream implements ByteStream {
  #chunks: Buffer[] = [];
  #have = 0;
  #wake: (() => void) | undefined;
  constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.#chunks.push(d);
      this.#have += d.length;
      this.#wake?.();
    });
  }
  send(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }
  async read(n: number): Promise<Buffer> {
    while (this.#have < n)
      await new Promise<void>((r) => {
        this.#wake = r;
      });
    const all = Buffer.concat(this.#chunks);
    this.#chunks = [all.subarray(n)];
    this.#have -= n;
    return all.subarray(0, n);
  }
}

async function measure(stream: ByteStream, password: string): Promise<number[]> {
  const s = await loginAsRoot(stream, password);
  const request = dbExistRequest(s.session, s.token, 'latency');
  const times: number[] = [];
  for (let i = 0; i < N + 200; i++) {
    const t = performance.now();
    stream.send(request);
    await readDbExistResponse(stream);
    if (i >= 200) times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b);
}

const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
const fmt = (xs: number[]) =>
  `median ${(q(xs, 0.5) * 1000).toFixed(0)} µs, p90 ${(q(xs, 0.9) * 1000).toFixed(0)} µs, p99 ${(q(xs, 0.99) * 1000).toFixed(0)} µs`;

const server = await startOrientDB();
const bridge = await runBridgeCli(cliFlags(`${server.host}:${server.port}`, '--log-level', 'warn'));
try {
  const tcp = connect({ host: server.host, port: server.port, noDelay: true });
  await new Promise((r) => tcp.once('connect', r));
  const direct = await measure(new TcpStream(tcp), server.rootPassword);
  tcp.destroy();
  const ws = await RawClient.connect(bridge.url);
  const bridged = await measure(ws, server.rootPassword);
  await ws.close(1000);
  console.log(`${N} sequential DB_EXIST round trips on loopback`);
  console.log(`  direct TCP:     ${fmt(direct)}`);
  console.log(`  through bridge: ${fmt(bridged)}`);
  console.log(`  added (median): ${((q(bridged, 0.5) - q(direct, 0.5)) * 1000).toFixed(0)} µs`);
} finally {
  await bridge.stop();
  await server.stop();
}
