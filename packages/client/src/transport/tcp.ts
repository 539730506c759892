// A Transport over a plain TCP socket (node:net), for Node, Bun and Deno's node compatibility layer.
// Writes made in one tick are corked into one segment; socket errors map to the client's error classes.
import { connect as netConnect, type Socket } from 'node:net';
import { AbortError, ConnectionLostError, ConnectionRefusedError } from '../errors.js';
import type { ByteStream, ConnectOptions, Transport, TransportHandlers } from './transport.js';

export interface TcpOptions {
  host: string;
  port: number;
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** Disable Nagle's algorithm (default true). */
  noDelay?: boolean;
}

export function tcp(options: TcpOptions): Transport {
  const { host, port } = options;
  const endpoint = `${host}:${port}`;
  return {
    kind: 'tcp',
    endpoint,
    connect(handlers: TransportHandlers, connectOptions?: ConnectOptions): Promise<ByteStream> {
      return new Promise<ByteStream>((resolve, reject) => {
        const signal = connectOptions?.signal;
        if (signal?.aborted) {
          reject(new AbortError('connect aborted', { cause: signal.reason }));
          return;
        }
        const socket: Socket = netConnect({ host, port });
        let connected = false;
        let closing = false;
        let closedSent = false;
        let corked = false;
        let failure: Error | undefined;

        const finish = (error?: Error) => {
          if (closedSent) return;
          closedSent = true;
          handlers.closed(error);
        };
        const onAbort = () => fail(new AbortError('connect aborted', { cause: signal?.reason }));
        const timer = setTimeout(
          () => fail(new ConnectionRefusedError(`connecting to ${endpoint} timed out`)),
          options.connectTimeoutMs ?? 10_000,
        );
        const settle = () => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
        };
        const fail = (error: Error) => {
          if (connected) return;
          settle();
          closedSent = true;
          socket.destroy();
          reject(error);
        };
        signal?.addEventListener('abort', onAbort, { once: true });

        socket.setNoDelay(options.noDelay ?? true);
        socket.on('connect', () => {
          connected = true;
          settle();
          resolve({
            resumed: false,
            resumeId: undefined,
            write(bytes: Uint8Array) {
              if (closing || socket.destroyed) return;
              if (!corked) {
                corked = true;
                socket.cork();
                queueMicrotask(() => {
                  corked = false;
                  socket.uncork();
                });
              }
              socket.write(bytes);
            },
            flush() {
              if (!corked) return;
              corked = false;
              socket.uncork();
            },
            close() {
              if (closing) return;
              closing = true;
              socket.end(() => socket.destroy());
            },
          });
        });
        socket.on('data', (chunk: Uint8Array) => {
          handlers.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        });
        socket.on('error', (err: Error & { code?: string }) => {
          if (!connected) {
            fail(
              new ConnectionRefusedError(`cannot connect to ${endpoint}: ${err.code ?? err.message}`, { cause: err }),
            );
            return;
          }
          failure ??= new ConnectionLostError(`connection to ${endpoint} failed: ${err.code ?? err.message}`, {
            cause: err,
          });
        });
        socket.on('end', () => {
          if (!closing) failure ??= new ConnectionLostError(`${endpoint} closed the connection`);
        });
        socket.on('close', () => {
          if (!connected) {
            fail(new ConnectionRefusedError(`connection to ${endpoint} closed while connecting`));
            return;
          }
          finish(
            closing && !failure ? undefined : (failure ?? new ConnectionLostError(`connection to ${endpoint} closed`)),
          );
        });
      });
    },
  };
}
