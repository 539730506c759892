// Connections that have not finished their HTTP request headers yet (a half-sent upgrade, a TLS
// handshake that never ends): each gets a deadline from its TCP accept, and each client address may
// hold only so many at once. Node's own headersTimeout is checked on a 30 s interval and counts
// nothing per address, so a trickle of half-sent requests could hold sockets for half a minute.
// Trusted proxies are exempt from the per-address cap: every client behind them shares their address.
import type { Server } from 'node:net';
import type { Socket } from 'node:net';
import { PerIpCounter } from './limits.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';

interface Pending {
  readonly socket: Socket;
  readonly ip: string;
  readonly timer: NodeJS.Timeout;
}

const keyOf = (s: { remoteAddress?: string | undefined; remotePort?: number | undefined }): string =>
  `${s.remoteAddress}|${s.remotePort}`;

export class UpgradeGuard {
  readonly #pending = new Map<string, Pending>();
  readonly #perIp = new PerIpCounter();

  constructor(
    server: Server,
    limits: { headerTimeoutMs: number; maxPendingUpgradesPerIp: number; trustedProxies: Set<string> },
    metrics: Metrics,
    log: Logger,
  ) {
    // The raw TCP socket, before TLS: with https the request's socket is another object, so sockets
    // are matched by their peer address and port.
    server.on('connection', (socket: Socket) => {
      const ip = socket.remoteAddress ?? 'unknown';
      if (!limits.trustedProxies.has(ip) && this.#perIp.get(ip) >= limits.maxPendingUpgradesPerIp) {
        metrics.refusedUpgrades.pending_per_ip++;
        log.info('upgrade_refused', { ip, why: 'pending_per_ip' });
        socket.destroy();
        return;
      }
      const key = keyOf(socket);
      const timer = setTimeout(() => {
        metrics.refusedUpgrades.header_timeout++;
        log.info('upgrade_refused', { ip, why: 'header_timeout' });
        this.#release(key);
        socket.destroy();
      }, limits.headerTimeoutMs);
      timer.unref();
      this.#pending.set(key, { socket, ip, timer });
      this.#perIp.add(ip);
      socket.once('close', () => this.#release(key));
    });
  }

  /** The request's headers are in (an upgrade or a plain request on this socket): no deadline any more. */
  headersDone(socket: { remoteAddress?: string | undefined; remotePort?: number | undefined }): void {
    this.#release(keyOf(socket));
  }

  #release(key: string): void {
    const p = this.#pending.get(key);
    if (!p) return;
    clearTimeout(p.timer);
    this.#pending.delete(key);
    this.#perIp.remove(p.ip);
  }
}
