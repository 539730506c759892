// The state shared by all connections of one bridge: options, metrics, the parking lot, the open
// relays with their per-IP counts, the periodic sweep and the drain. Relays see it only through the
// RelayContext built here.
import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';
import { BRIDGE_CLOSE as CLOSE } from '@orientdb-edge/client/protocol';
import { PerIpCounter, RateLimiter } from './limits.js';
import type { Logger } from './logger.js';
import { MemoryBudget } from './memory-budget.js';
import { LoginThrottle } from './login-throttle.js';
import { Metrics } from './metrics.js';
import type { ResolvedOptions, Upstream } from './options.js';
import { ParkingLot } from './parking.js';
import { Relay, type RelayContext } from './relay.js';
import { UpstreamConnector } from './upstream-connector.js';

export class Hub {
  readonly options: ResolvedOptions;
  readonly log: Logger;
  readonly metrics = new Metrics();
  readonly parking: ParkingLot;
  readonly perIp = new PerIpCounter();
  readonly rate: RateLimiter;
  readonly #budget: MemoryBudget;
  readonly connector: UpstreamConnector;
  readonly #relays = new Set<Relay>();
  readonly #context: RelayContext;
  readonly #byName: Map<string, Upstream>;
  readonly #throttles = new Map<string, LoginThrottle>();
  readonly #sweep: NodeJS.Timeout;
  #draining = false;
  #emptyWaiters: Array<() => void> = [];

  constructor(options: ResolvedOptions, log: Logger) {
    this.options = options;
    this.log = log;
    this.parking = new ParkingLot(options.maxParked, options.parkGraceMs, this.metrics, log);
    this.rate = new RateLimiter(options.upgradeRatePerSecond);
    this.#budget = new MemoryBudget(options, this.metrics, log);
    this.#byName = new Map(options.upstreams.map((u) => [u.name, u]));
    this.connector = new UpstreamConnector(options, this.metrics, log);
    const hub = this;
    this.#context = {
      options,
      log,
      metrics: this.metrics,
      parking: this.parking,
      connector: this.connector,
      get draining() {
        return hub.draining;
      },
      upstream: (name) => (name === undefined ? options.upstreams[0] : this.#byName.get(name)),
      released: (relay) => this.#released(relay),
      throttle: (name) => this.#throttle(name),
    };
    const periods = [
      1000,
      options.heartbeatMs,
      options.idleTimeoutMs / 2,
      options.stallTimeoutMs / 2,
      options.messageDeadlineMs / 2,
    ].filter((p) => p > 0);
    this.#sweep = setInterval(() => this.#tick(), Math.max(20, Math.min(...periods)));
    this.#sweep.unref();
  }

  get draining(): boolean {
    return this.#draining;
  }
  get open(): number {
    return this.#relays.size;
  }

  /** `socket` is the one under `ws`, metered for the memory budget. */
  accept(ws: WebSocket, ip: string, socket: Duplex, origin?: string): void {
    this.metrics.connectionsTotal++;
    const relay = new Relay(ws, ip, this.metrics.connectionsTotal, this.#context, origin);
    this.#relays.add(relay);
    this.#budget.watch(relay, socket);
    this.perIp.add(ip);
    this.log.debug('ws_open', { conn: this.metrics.connectionsTotal, ip });
    this.metrics.connectionsOpen = this.#relays.size;
  }

  /** One failed-login throttle per upstream, made on first use with that upstream's limits. */
  #throttle(name: string): LoginThrottle {
    let t = this.#throttles.get(name);
    if (!t) {
      const p = this.options.policies.get(name)!;
      const limits = {
        perAddress: p.loginFailuresPerAddress,
        perUser: p.loginFailuresPerUser,
        windowMs: p.loginWindowMs,
      };
      t = new LoginThrottle(limits);
      this.#throttles.set(name, t);
    }
    return t;
  }

  #released(relay: Relay): void {
    if (!this.#relays.delete(relay)) return;
    this.#budget.forget(relay);
    this.perIp.remove(relay.ip);
    this.metrics.connectionsOpen = this.#relays.size;
    if (this.#relays.size === 0) for (const w of this.#emptyWaiters.splice(0)) w();
  }

  /** Stops new work, closes idle connections now and busy ones when idle or at the deadline. */
  async drain(timeoutMs: number): Promise<void> {
    this.#draining = true;
    this.metrics.draining = true;
    this.parking.closeAll();
    this.#closeIdle();
    if (this.#relays.size === 0) return;
    const empty = new Promise<void>((resolve) => this.#emptyWaiters.push(resolve));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), timeoutMs);
    });
    const outcome = await Promise.race([empty, deadline]);
    clearTimeout(timer);
    if (outcome === 'late') await this.closeAll(1_000);
  }

  /** Closes every connection with 1001, then terminates those that have not finished in `graceMs`. */
  async closeAll(graceMs: number): Promise<void> {
    this.parking.closeAll();
    for (const r of this.#relays) r.close(CLOSE.GOING_AWAY, 'going away', this.#draining ? 'drain' : 'shutdown');
    if (this.#relays.size === 0) return;
    const empty = new Promise<void>((resolve) => this.#emptyWaiters.push(resolve));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      empty,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      }),
    ]);
    clearTimeout(timer);
    for (const r of this.#relays) r.terminate('shutdown');
  }

  stop(): void {
    clearInterval(this.#sweep);
  }

  #closeIdle(): void {
    for (const r of this.#relays) if (r.idle) r.close(CLOSE.GOING_AWAY, 'going away', 'drain');
  }

  #tick(): void {
    const now = performance.now();
    for (const r of this.#relays) r.tick(now);
    this.#budget.tick(now);
    if (this.#draining) this.#closeIdle();
    this.rate.sweep();
  }
}
