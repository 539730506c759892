// Resume ids and the upstream connections parked under them: issuing an id to each welcome, the ids of
// open relays (a resume may overtake its old socket's park), and the parked upstreams, bounded in number
// and time. A parked upstream that sends a byte, ends or errors has unknown state and is discarded.
import type { Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Framing } from '@orientdb-edge/client/protocol';
import type { Metrics } from './metrics.js';
import type { Upstream } from './options.js';
import type { Logger } from './logger.js';

/** What a resume of a parked connection must match, from the relay that parked it. */
export interface ParkedSession {
  /** The Origin of the WebSocket that parked it. */
  origin: string | undefined;
  /** database + user of the last token relayed on it (policy.ts tokenFacts); undefined when none was. */
  identity: string | undefined;
  /** The database its DB_OPEN named, for a connection parked before any request carried the token. */
  database: string | undefined;
  /** The request framing the connection is in. */
  framing: Framing | undefined;
  /** Its requests went through the policy's gate (identity is known only then). */
  policed: boolean;
}

export interface Parked {
  tcp: Socket;
  upstream: Upstream;
  session?: ParkedSession;
}

interface Entry extends Parked {
  timer: NodeJS.Timeout;
  onData: () => void;
  onGone: () => void;
}

export class ParkingLot {
  readonly #entries = new Map<string, Entry>();
  /** Ids held by open relays: a resume naming one waits for its park instead of failing at once. */
  readonly #live = new Set<string>();
  readonly #arrivals = new Map<string, Array<() => void>>();
  readonly #max: number;
  readonly #graceMs: number;
  readonly #metrics: Metrics;
  readonly #log: Logger;

  constructor(max: number, graceMs: number, metrics: Metrics, log: Logger) {
    this.#max = max;
    this.#graceMs = graceMs;
    this.#metrics = metrics;
    this.#log = log;
  }

  get size(): number {
    return this.#entries.size;
  }

  hasRoom(): boolean {
    return this.#graceMs > 0 && this.#entries.size < this.#max;
  }

  /** A fresh id for a relay's welcome (128 random bits, base64url, 22 characters), live until `release` or `park`. */
  /** `instance` prefixes the id before a '.', so that a client can ask a load balancer for this bridge. */
  issue(instance?: string): string {
    const random = randomBytes(16).toString('base64url');
    const id = instance ? `${instance}.${random}` : random;
    this.#live.add(id);
    return id;
  }

  /** The relay holding `id` has ended, parked or not: resumes waiting for it stop waiting. */
  release(id: string): void {
    this.#live.delete(id);
    this.#settle(id);
  }

  /** True when `id` belongs to an open relay: its socket may still be on its way to a park. */
  pending(id: string): boolean {
    return this.#live.has(id) && !this.#entries.has(id);
  }

  /** Takes ownership of `tcp` under `id`; the caller must have removed its own listeners first. */
  park(id: string, tcp: Socket, upstream: Upstream, session?: ParkedSession): void {
    this.#live.delete(id);
    const drop = (outcome: 'expired' | 'discarded') => {
      if (this.#entries.get(id) !== entry) return;
      this.#remove(id, entry);
      this.#metrics.parks[outcome]++;
      this.#log.info('park_end', { outcome, upstream: upstream.name });
      tcp.destroy();
    };
    const entry: Entry = {
      tcp,
      upstream,
      session,
      timer: setTimeout(() => drop('expired'), this.#graceMs),
      onData: () => drop('discarded'),
      onGone: () => drop('discarded'),
    };
    entry.timer.unref();
    tcp.on('data', entry.onData);
    tcp.on('end', entry.onGone);
    tcp.on('close', entry.onGone);
    tcp.on('error', entry.onGone);
    tcp.resume();
    this.#entries.set(id, entry);
    this.#metrics.parks.parked++;
    this.#metrics.connectionsParked = this.#entries.size;
    this.#settle(id);
  }

  /** Resolves when `id` is parked or released, or after `ms`: a resume may overtake the old socket's close. */
  whenParked(id: string, ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const list = this.#arrivals.get(id) ?? [];
      const done = () => {
        clearTimeout(timer);
        const rest = (this.#arrivals.get(id) ?? []).filter((w) => w !== done);
        if (rest.length) this.#arrivals.set(id, rest);
        else this.#arrivals.delete(id);
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref();
      list.push(done);
      this.#arrivals.set(id, list);
    });
  }

  /**
   * Hands back the parked upstream and kills the id, or undefined when unknown, expired, or refused by
   * `accept` (then it stays parked for its rightful owner).
   */
  take(id: string, accept?: (parked: Parked) => boolean): Parked | undefined {
    const entry = this.#entries.get(id);
    if (!entry) return undefined;
    const parked: Parked = { tcp: entry.tcp, upstream: entry.upstream, session: entry.session };
    if (accept && !accept(parked)) return undefined;
    this.#remove(id, entry);
    this.#metrics.parks.resumed++;
    return parked;
  }

  /** Wakes the resumes waiting for `id`. */
  #settle(id: string): void {
    for (const wake of [...(this.#arrivals.get(id) ?? [])]) wake();
  }

  closeAll(): void {
    for (const [id, entry] of this.#entries) {
      this.#remove(id, entry);
      this.#metrics.parks.discarded++;
      entry.tcp.destroy();
    }
  }

  #remove(id: string, entry: Entry): void {
    clearTimeout(entry.timer);
    entry.tcp.off('data', entry.onData);
    entry.tcp.off('end', entry.onGone);
    entry.tcp.off('close', entry.onGone);
    entry.tcp.off('error', entry.onGone);
    this.#entries.delete(id);
    this.#metrics.connectionsParked = this.#entries.size;
  }
}
