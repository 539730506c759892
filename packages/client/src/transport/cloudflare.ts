// A Transport over Cloudflare Workers' TCP sockets (connect() from cloudflare:sockets), for a Worker
// that reaches OrientDB's binary port directly, without a bridge; `tls` connects with TLS
// (secureTransport 'on', for OrientDB's SSL listener). Writes of one tick go out as one chunk.
/// <reference path="../../types/cloudflare-sockets.d.ts" />
import { connect } from 'cloudflare:sockets';
import { AbortError, ConnectionLostError, ConnectionRefusedError } from '../errors.js';
import { TlsError } from './tls-error.js';
import type { ByteStream, ConnectOptions, Transport, TransportHandlers } from './transport.js';

export interface CloudflareTcpOptions {
  host: string;
  port: number;
  /** Connect with TLS (the Workers runtime checks the certificate against its own CAs). */
  tls?: boolean;
  /** Give up connecting after this long (default 10 s). */
  connectTimeoutMs?: number;
}

export function cloudflareTcp(options: CloudflareTcpOptions): Transport {
  const { host, port } = options;
  const endpoint = `${options.tls ? 'tls://' : ''}${host}:${port}`;
  return {
    kind: 'tcp',
    endpoint,
    async connect(handlers: TransportHandlers, connectOptions?: ConnectOptions): Promise<ByteStream> {
      const signal = connectOptions?.signal;
      if (signal?.aborted) throw new AbortError('connect aborted', { cause: signal.reason });
      const socket = connect({ hostname: host, port }, { secureTransport: options.tls ? 'on' : 'off' });
      let timer: ReturnType<typeof setTimeout> | undefined;
      let onAbort: (() => void) | undefined;
      try {
        await Promise.race([
          socket.opened,
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () => reject(new ConnectionRefusedError(`connecting to ${endpoint} timed out`)),
              options.connectTimeoutMs ?? 10_000,
            );
            onAbort = () => reject(new AbortError('connect aborted', { cause: signal?.reason }));
            signal?.addEventListener('abort', onAbort, { once: true });
          }),
        ]);
      } catch (error) {
        socket.close().catch(() => undefined);
        if (error instanceof AbortError || error instanceof ConnectionRefusedError) throw error;
        const why = error instanceof Error ? error.message : String(error);
        throw options.tls
          ? new TlsError(endpoint, why, {
              cause: error,
              // The runtime checks the certificate: workerd against its network service's list, Cloudflare against public CAs.
              trust:
                "the Workers runtime trusts the CA that signed OrientDB's certificate (workerd: the network service's tlsOptions.trustedCertificates)",
            })
          : new ConnectionRefusedError(
              `cannot connect to ${endpoint}: ${why}; check the host, the port and that the Worker may reach it`,
              {
                cause: error,
              },
            );
      } finally {
        clearTimeout(timer);
        if (onAbort) signal?.removeEventListener('abort', onAbort);
      }

      const writer = socket.writable.getWriter();
      let pending: Uint8Array[] = [];
      let queued = false;
      let closing = false;
      let closedSent = false;
      const finish = (error?: Error) => {
        if (closedSent) return;
        closedSent = true;
        handlers.closed(error);
      };
      const flush = () => {
        queued = false;
        if (pending.length === 0 || closing) return;
        const parts = pending;
        pending = [];
        let size = 0;
        for (const p of parts) size += p.length;
        const chunk = parts.length === 1 ? parts[0]! : new Uint8Array(size);
        if (parts.length > 1) {
          let at = 0;
          for (const p of parts) {
            chunk.set(p, at);
            at += p.length;
          }
        }
        writer.write(chunk).catch((error: unknown) => {
          finish(new ConnectionLostError(`writing to ${endpoint} failed`, { cause: error }));
        });
      };
      void (async () => {
        const reader = socket.readable.getReader();
        try {
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            handlers.data(value);
          }
          finish(closing ? undefined : new ConnectionLostError(`${endpoint} closed the connection`));
        } catch (error) {
          finish(closing ? undefined : new ConnectionLostError(`connection to ${endpoint} failed`, { cause: error }));
        }
      })();
      return {
        resumed: false,
        resumeId: undefined,
        write(bytes) {
          if (closing) return;
          pending.push(bytes);
          if (!queued) {
            queued = true;
            queueMicrotask(flush);
          }
        },
        flush,
        close() {
          if (closing) return;
          flush();
          closing = true;
          socket.close().catch(() => undefined);
          finish();
        },
      };
    },
  };
}
