// startBridge: the HTTP(S) server, its health and metrics routes, the guarded upgrade into a
// WebSocket relay, and drain/close.
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_SUBPROTOCOL as SUBPROTOCOL } from '@orientdb-edge/client/protocol';
import { admit, refuseUpgrade } from './admission.js';
import { Hub } from './hub.js';
import { createLogger } from './logger.js';
import type { BridgeMetricsSnapshot } from './metrics.js';
import { httpRoutes } from './http-routes.js';
import { resolveOptions, type BridgeOptions } from './options.js';
import { Readiness } from './readiness.js';
import { UpgradeGuard } from './upgrade-guard.js';

export interface Bridge {
  /** ws://host:port (or wss:// with TLS). */
  readonly url: string;
  readonly address: { host: string; port: number };
  /** http://host:port of the private /livez, /readyz, /metrics listener, when metricsListen is set. */
  readonly metricsUrl: string | undefined;
  metrics(): BridgeMetricsSnapshot;
  /** Stops accepting, closes idle connections with 1001, waits for busy ones up to drainTimeoutMs. */
  drain(): Promise<void>;
  /** Closes everything now (1001) and stops listening. */
  close(): Promise<void>;
}

const pem = (v: string | Uint8Array): string | Buffer =>
  typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** A host as it goes in a URL; a wildcard address becomes loopback, which is what local callers can reach. */
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}

function listen(server: Server, at: { host: string; port: number }): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: at.port, host: at.host, backlog: 1024 }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startBridge(input: BridgeOptions): Promise<Bridge> {
  const options = resolveOptions(input);
  const log = createLogger(options.logLevel, options.logger);
  const hub = new Hub(options, log);
  const probe = (ms: number) =>
    hub.connector.connect(options.upstreams[0]!, AbortSignal.timeout(ms)).then((socket) => socket.destroy());
  const readiness = new Readiness(probe, Math.min(5_000, options.upstreamConnectTimeoutMs));
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: options.maxPayload,
    clientTracking: false,
    skipUTF8Validation: true,
    maxFragments: 1024,
    handleProtocols: (offered: Set<string>) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const onRequest = httpRoutes(hub, readiness, options.metricsOnPublicPort, true);

  const server: Server = options.tls
    ? createHttpsServer({ cert: pem(options.tls.cert), key: pem(options.tls.key) }, onRequest)
    : createHttpServer(onRequest);
  // The first request's headers have the guard's deadline; these cover later requests of a keep-alive connection.
  server.headersTimeout = options.headerTimeoutMs;
  server.requestTimeout = options.headerTimeoutMs + 5_000;
  server.maxHeadersCount = 64;
  const guard = new UpgradeGuard(server, options, hub.metrics, log);
  server.on('request', (req: IncomingMessage) => guard.headersDone(req.socket));

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    guard.headersDone(req.socket);
    const verdict = admit(req, options, { draining: hub.draining, open: hub.open, perIp: hub.perIp, rate: hub.rate });
    if (!verdict.ok) {
      hub.metrics.refusedUpgrades[verdict.reason]++;
      log.info('upgrade_refused', {
        ip: verdict.ip,
        status: verdict.status,
        why: verdict.reason,
        detail: verdict.message,
      });
      refuseUpgrade(socket, verdict.status, verdict.message);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (hub.draining) {
        ws.close(1001, 'going away');
        return;
      }
      hub.accept(ws, verdict.ip, socket, req.headers.origin);
    });
  });
  server.on('clientError', (_err, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  const port = await listen(server, options.listen);
  const host = options.listen.host;
  const url = `${options.tls ? 'wss' : 'ws'}://${urlHost(host)}:${port}`;
  let opsServer: Server | undefined;
  let metricsUrl: string | undefined;
  if (options.metricsListen) {
    opsServer = createHttpServer(httpRoutes(hub, readiness, true, false));
    opsServer.headersTimeout = 10_000;
    opsServer.requestTimeout = 15_000;
    try {
      metricsUrl = `http://${urlHost(options.metricsListen.host)}:${await listen(opsServer, options.metricsListen)}`;
    } catch (err) {
      server.close();
      hub.stop();
      throw err;
    }
  }
  log.info('listening', {
    url,
    metricsUrl,
    upstreams: options.upstreams.map((u) => u.name).join(','),
    tls: !!options.tls,
  });

  let stopped: Promise<void> | undefined;
  const stopListening = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
    });
  const finish = async (how: 'drain' | 'close') => {
    log.info(how === 'drain' ? 'drain_start' : 'close_start', { open: hub.open, parked: hub.parking.size });
    const listening = stopListening();
    if (how === 'drain') await hub.drain(options.drainTimeoutMs);
    else await hub.closeAll(1_000);
    hub.stop();
    server.closeAllConnections();
    await listening;
    if (opsServer) {
      const ops = opsServer;
      await new Promise<void>((resolve) => {
        ops.close(() => resolve());
        ops.closeAllConnections();
      });
    }
    log.info(how === 'drain' ? 'drain_done' : 'closed', {});
  };
  return {
    url,
    address: { host, port },
    metricsUrl,
    metrics: () => hub.metrics.snapshot(),
    drain: () => (stopped ??= finish('drain')),
    close: () => (stopped ??= finish('close')),
  };
}
