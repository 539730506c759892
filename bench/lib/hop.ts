// The machine's floor for a bridge: the round trip of a 40-byte message to a TCP echo in another
// process, direct and through one relay process (no WebSocket, no OrientDB). What a relay adds here
// is what any bridge process adds, before any code of ours runs.
import { fork, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { quantile } from './stats.js';

function child(args: string[]): Promise<{ proc: ChildProcess; port: number }> {
  const proc = fork(fileURLToPath(new URL('./hop-child.ts', import.meta.url)), args, {
    execArgv: ['--conditions=source', '--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    proc.once('message', (port) => resolve({ proc, port: port as number }));
    proc.once('exit', (code) => reject(new Error(`hop child exited (${code})`)));
  });
}

function roundTrips(port: number, count: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, noDelay: true });
    const message = new Uint8Array(40);
    const times: number[] = [];
    let started = 0;
    let received = 0;
    socket.once('error', reject);
    socket.once('connect', () => {
      started = performance.now();
      socket.write(message);
    });
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received < message.length) return;
      received = 0;
      times.push(performance.now() - started);
      if (times.length === count) {
        socket.destroy();
        resolve(times);
        return;
      }
      started = performance.now();
      socket.write(message);
    });
  });
}

/** p50 round trips in ms, direct and relayed, after a warm-up of `count / 4` each. */
export async function hopFloor(count: number): Promise<{ directP50: number; relayedP50: number }> {
  const echo = await child(['echo']);
  const relay = await child(['relay', String(echo.port)]).catch((error) => {
    echo.proc.kill();
    throw error;
  });
  try {
    await roundTrips(echo.port, count / 4);
    await roundTrips(relay.port, count / 4);
    const direct = await roundTrips(echo.port, count);
    const relayed = await roundTrips(relay.port, count);
    return { directP50: quantile(direct, 0.5), relayedP50: quantile(relayed, 0.5) };
  } finally {
    relay.proc.kill();
    echo.proc.kill();
  }
}
