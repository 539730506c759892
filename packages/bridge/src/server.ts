// startBridge: the HTTP(S) server, its health and metrics routes, the guarded upgrade into a
// WebSocket relay, and drain/close.
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { admit, refuseUpgrade } from './admission.js';
import { SUBPROTOCOL } from './hello.js';
import { Hub } from './hub.js';
import { createLogger } from './logger.js';
import { prometheusText, type BridgeMetricsSnapshot } from './metrics.js';
import { resolveOptions, type BridgeOptions } from './options.js';
import { Readiness } from './readiness.js';
import { VERSION } from './version.js';

export interface Bridge {
  /** ws://host:port (or wss:// with TLS). */
  readonly url: string;
  readonly address: { host: string; port: number };
  metrics(): BridgeMetricsSnapshot;
  /** Stops accepting, closes idle connections with 1001, waits for busy ones up to drainTimeoutMs. */
  drain(): Promise<void>;
  /** Closes everything now (1001) and stops listening. */
  close(): Promise<void>;
}

const pem = (v: string | Uint8Array): string | Buffer => (typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength));

export async function startBridge(input: BridgeOptions): Promise<Bridge> {
  const options = resolveOptions(input);
  const log = createLogger(options.logLevel, options.logger);
  const hub = new Hub(options, log);
  const readiness = new Readiness(options.upstreams[0]!, Math.min(5_000, options.upstreamConnectTimeoutMs));
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: options.maxPayload,
    clientTracking: false,
    skipUTF8Validation: true,
    maxFragments: 1024,
    handleProtocols: (offered: Set<string>) => (offered.has(SUBPROTOCOL) ? SUBPROTOCOL : false),
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') { send(405, 'method not allowed\n'); return; }
    if (path === '/livez') { send(200, 'ok\n'); return; }
    if (path === '/readyz') {
      if (hub.draining) { send(503, 'draining\n'); return; }
      void readiness.check().then((ok) => send(ok ? 200 : 503, ok ? 'ready\n' : 'upstream not ready\n'));
      return;
    }
    if (path === '/metrics') {
      send(200, prometheusText(hub.metrics.snapshot(), process.memoryUsage.rss(), VERSION), 'text/plain; version=0.0.4; charset=utf-8');
      return;
    }
    send(426, `this endpoint speaks WebSocket (subprotocol ${SUBPROTOCOL})\n`);
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: pem(options.tls.cert), key: pem(options.tls.key) }, onRequest)
    : createHttpServer(onRequest);
  server.headersTimeout = 10_000;
  server.requestTimeout = 15_000;
  server.maxHeadersCount = 64;

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const verdict = admit(req, options, { draining: hub.draining, open: hub.open, perIp: hub.perIp, rate: hub.rate });
    if (!verdict.ok) {
      hub.metrics.refusedUpgrades[verdict.reason]++;
      log.info('upgrade_refused', { ip: verdict.ip, status: verdict.status, why: verdict.reason });
      refuseUpgrade(socket, verdict.status, verdict.message);
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws: WebSocket) => {
      if (hub.draining) { ws.close(1001, 'going away'); return; }
      hub.accept(ws, verdict.ip);
    });
  });
  server.on('clientError', (_err, socket: Duplex) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.listen.port, host: options.listen.host, backlog: 1024 }, () => { server.off('error', reject); resolve(); });
  });
  const bound = server.address();
  const port = typeof bound === 'object' && bound ? bound.port : options.listen.port;
  const host = options.listen.host;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  const url = `${options.tls ? 'wss' : 'ws'}://${urlHost}:${port}`;
  log.info('listening', { url, upstreams: options.upstreams.map((u) => u.name).join(','), tls: !!options.tls });

  let stopped: Promise<void> | undefined;
  const stopListening = () => new Promise<void>((resolve) => {
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
    log.info(how === 'drain' ? 'drain_done' : 'closed', {});
  };
  return {
    url,
    address: { host, port },
    metrics: () => hub.metrics.snapshot(),
    drain: () => (stopped ??= finish('drain')),
    close: () => (stopped ??= finish('close')),
  };
}
