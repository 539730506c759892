// A Transport over a TCP socket (node:net, or node:tls for OrientDB's SSL listener), for Node, Bun and
// Deno's node compatibility layer.
// Writes made in one tick are corked into one segment; socket errors map to the client's error classes.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { AbortError, ConnectionLostError, ConnectionRefusedError } from '../errors.js';
import { TlsError } from './tls-error.js';
import type { ByteStream, ConnectOptions, Transport, TransportHandlers } from './transport.js';

export interface TcpOptions {
  host: string;
  port: number;
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
  /** Disable Nagle's algorithm (default true). */
  noDelay?: boolean;
  /** Connect with TLS (OrientDB's SSL listener, port 2434 by default); `true` trusts the runtime's CAs. */
  tls?: true | TcpTlsOptions;
}

/** node:tls options of the same names. */
export interface TcpTlsOptions {
  /** PEM certificate(s) of the CA that signed OrientDB's certificate (default: the runtime's bundled CAs). */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  /** Name sent (SNI) and checked against the certificate (default: host). */
  servername?: string;
  /** Refuse a certificate that does not verify (default true; false only for a test setup). */
  rejectUnauthorized?: boolean;
}

/** node:tls takes PEM as a string or a Buffer. */
const pem = (v: string | Uint8Array): string | Buffer =>
  typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);

export function tcp(options: TcpOptions): Transport {
  const { host, port } = options;
  const endpoint = `${options.tls ? 'tls://' : ''}${host}:${port}`;
  const tls = options.tls === true ? {} : options.tls;
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
        const socket: Socket = tls
          ? tlsConnect({
              host,
              port,
              ca: tls.ca === undefined ? undefined : (Array.isArray(tls.ca) ? tls.ca : [tls.ca]).map(pem),
              servername: tls.servername,
              rejectUnauthorized: tls.rejectUnauthorized ?? true,
            })
          : netConnect({ host, port });
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
        socket.on(tls ? 'secureConnect' : 'connect', () => {
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
            hold(on: boolean) {
              if (on) socket.ref();
              else socket.unref();
            },
          });
        });
        socket.on('data', (chunk: Uint8Array) => {
          handlers.data(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        });
        socket.on('error', (err: Error & { code?: string }) => {
          if (!connected) {
            // System errors (ECONNREFUSED…) are the network's; any other before the handshake ends is TLS's.
            const tlsFailure = tls && !/^E[A-Z]+$/.test(err.code ?? '');
            fail(
              tlsFailure
                ? new TlsError(endpoint, err.code ?? err.message, { cause: err })
                : new ConnectionRefusedError(`cannot connect to ${endpoint}: ${err.code ?? err.message}`, {
                    cause: err,
                  }),
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
