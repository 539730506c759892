// The plain HTTP routes. /livez and /readyz answer on both ports: load balancers probe the port they
// route to, and what they tell (the process runs, the upstream greets) anyone learns by trying an
// upgrade. /metrics (traffic, closes, parks, memory) answers only on the private metrics port, and on
// the WebSocket port only when the operator asks for it (metricsOnPublicPort).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BRIDGE_SUBPROTOCOL as SUBPROTOCOL } from '@orientdb-edge/client/protocol';
import type { Hub } from './hub.js';
import { prometheusText } from './metrics.js';
import type { Readiness } from './readiness.js';
import { VERSION } from './version.js';

/** `withMetrics`: serve /metrics here; `wsPort`: other paths answer 426 (else 404). */
export function httpRoutes(hub: Hub, readiness: Readiness, withMetrics: boolean, wsPort: boolean) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(405, 'method not allowed\n');
      return;
    }
    if (path === '/livez') {
      send(200, 'ok\n');
      return;
    }
    if (path === '/readyz') {
      if (hub.draining) {
        send(503, 'draining\n');
        return;
      }
      void readiness.check().then((ok) => send(ok ? 200 : 503, ok ? 'ready\n' : 'upstream not ready\n'));
      return;
    }
    if (withMetrics && path === '/metrics') {
      send(
        200,
        prometheusText(hub.metrics.snapshot(), process.memoryUsage.rss(), VERSION),
        'text/plain; version=0.0.4; charset=utf-8',
      );
      return;
    }
    if (path === '/metrics') {
      send(404, 'not found\n');
      return;
    }
    if (wsPort) send(426, `this endpoint speaks WebSocket (subprotocol ${SUBPROTOCOL})\n`);
    else send(404, 'not found\n');
  };
}
