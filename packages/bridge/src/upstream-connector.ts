// Opening upstream connections: paced, failed over and optionally over TLS. A connect counts as done only
// when OrientDB's 2-byte greeting has arrived: OrientDB accepts with a small backlog and greets from the
// thread it starts per connection, so counting TCP handshakes alone would still overflow its accept
// queue in a burst (1,000 at once reset 192 of them). Each node admits `concurrency` connects in flight;
// the rest wait in a FIFO queue until their deadline. The nodes of an upstream are tried in the
// configured order; a node that failed is skipped for a backoff (1 s, doubling to 30 s) unless every
// node is in backoff, and its first success forgets the failures.
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Logger } from './logger.js';
import type { Metrics, UpstreamErrorKind } from './metrics.js';
import type { ResolvedOptions, Upstream, UpstreamNode } from './options.js';

const BACKOFF_FIRST_MS = 1_000;
const BACKOFF_MAX_MS = 30_000;

/** Why no upstream connection could be had; `kind` is the metric label of the last failure. */
export class UpstreamConnectError extends Error {
  override readonly name = 'UpstreamConnectError';
  readonly kind: UpstreamErrorKind;
  constructor(kind: UpstreamErrorKind, message: string) {
    super(message);
    this.kind = kind;
  }
}

type ConnectorOptions = Pick<
  ResolvedOptions,
  'upstreamConnectConcurrency' | 'upstreamQueueTimeoutMs' | 'upstreamConnectTimeoutMs' | 'upstreamTls'
>;

/** Connects in flight to one node and the connects waiting for a turn, in arrival order. */
class Gate {
  inFlight = 0;
  readonly waiting: Array<() => void> = [];
  failures = 0;
  downUntil = 0;
}

const nodeAddress = (node: UpstreamNode): string =>
  `${node.tls ? 'tls://' : ''}${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`;

export class UpstreamConnector {
  readonly #options: ConnectorOptions;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #gates = new Map<string, Gate>();

  constructor(options: ConnectorOptions, metrics: Metrics, log: Logger) {
    this.#options = options;
    this.#metrics = metrics;
    this.#log = log;
  }

  /**
   * A socket to one of the upstream's nodes, paused, with the greeting still unread in it. Rejects with
   * UpstreamConnectError when every node failed or the wait for a turn passed its deadline; an aborted
   * signal leaves the queue at once and destroys a socket being opened.
   */
  async connect(upstream: Upstream, signal?: AbortSignal): Promise<Socket> {
    const now = performance.now();
    const healthy = upstream.nodes.filter((n) => this.#gate(n).downUntil <= now);
    const order = healthy.length > 0 ? healthy : upstream.nodes;
    let last: UpstreamConnectError | undefined;
    for (const node of order) {
      if (signal?.aborted) break;
      try {
        const socket = await this.#attempt(upstream, node, signal);
        return socket;
      } catch (err) {
        last = err as UpstreamConnectError;
        if (last.kind === 'queue') break;
      }
    }
    throw last ?? new UpstreamConnectError('connect', `upstream ${upstream.name}: connect aborted`);
  }

  async #attempt(upstream: Upstream, node: UpstreamNode, signal: AbortSignal | undefined): Promise<Socket> {
    const gate = this.#gate(node);
    await this.#turn(gate, upstream, signal);
    try {
      const socket = await this.#dial(node, signal);
      gate.failures = 0;
      gate.downUntil = 0;
      return socket;
    } catch (err) {
      const failure = err as UpstreamConnectError;
      if (!signal?.aborted) {
        gate.failures++;
        const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_FIRST_MS * 2 ** (gate.failures - 1));
        gate.downUntil = performance.now() + backoff;
        this.#metrics.upstreamErrors[failure.kind]++;
        this.#log.warn('upstream_unreachable', {
          upstream: upstream.name,
          node: nodeAddress(node),
          kind: failure.kind,
          error: failure.message,
          backoffMs: backoff,
        });
      }
      throw failure;
    } finally {
      gate.inFlight--;
      gate.waiting.shift()?.();
    }
  }

  /** Waits for a free slot at the node; rejects at the queue deadline or on abort. */
  #turn(gate: Gate, upstream: Upstream, signal: AbortSignal | undefined): Promise<void> {
    if (gate.inFlight < this.#options.upstreamConnectConcurrency && gate.waiting.length === 0) {
      gate.inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const leave = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        const at = gate.waiting.indexOf(go);
        if (at >= 0) gate.waiting.splice(at, 1);
      };
      const go = () => {
        leave();
        gate.inFlight++;
        resolve();
      };
      const onAbort = () => {
        leave();
        reject(new UpstreamConnectError('connect', 'aborted'));
      };
      const timer = setTimeout(() => {
        leave();
        this.#metrics.upstreamErrors.queue++;
        this.#log.warn('upstream_queue_timeout', { upstream: upstream.name, waiting: gate.waiting.length });
        reject(
          new UpstreamConnectError(
            'queue',
            `upstream ${upstream.name}: no connect slot within ${this.#options.upstreamQueueTimeoutMs} ms`,
          ),
        );
      }, this.#options.upstreamQueueTimeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      gate.waiting.push(go);
    });
  }

  /** TCP (or TLS) connect, then OrientDB's first bytes, within the connect timeout. */
  #dial(node: UpstreamNode, signal: AbortSignal | undefined): Promise<Socket> {
    const address = nodeAddress(node);
    return new Promise<Socket>((resolve, reject) => {
      const tls = this.#options.upstreamTls;
      const socket: Socket = node.tls
        ? tlsConnect({
            host: node.host,
            port: node.port,
            ca: tls.ca,
            servername: tls.servername,
            rejectUnauthorized: tls.rejectUnauthorized,
          })
        : netConnect({ host: node.host, port: node.port });
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 30_000);
      let secured = false;
      if (node.tls)
        socket.once('secureConnect', () => {
          secured = true;
        });
      const fail = (kind: UpstreamErrorKind, message: string) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.off('data', onData);
        socket.on('error', () => {});
        socket.destroy();
        reject(new UpstreamConnectError(kind, message));
      };
      const onAbort = () => fail('connect', 'aborted');
      const onData = (chunk: Buffer) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        socket.off('error', onError);
        socket.off('close', onClose);
        socket.pause();
        socket.unshift(chunk);
        resolve(socket);
      };
      const onError = (err: NodeJS.ErrnoException) => {
        // System errors (ECONNREFUSED, ECONNRESET…) are the network's; any other before the handshake ends is TLS's.
        const kind = node.tls && !secured && !/^E[A-Z]+$/.test(err.code ?? '') ? 'tls' : 'connect';
        fail(kind, `${address}: ${err.code ?? err.message}${kind === 'tls' ? ` (${err.message})` : ''}`);
      };
      const onClose = () => fail('connect', `${address} closed before OrientDB's greeting`);
      const timer = setTimeout(
        () => fail('timeout', `${address}: no greeting within ${this.#options.upstreamConnectTimeoutMs} ms`),
        this.#options.upstreamConnectTimeoutMs,
      );
      signal?.addEventListener('abort', onAbort, { once: true });
      socket.once('data', onData);
      socket.once('error', onError);
      socket.once('close', onClose);
    });
  }

  #gate(node: UpstreamNode): Gate {
    const key = nodeAddress(node);
    let gate = this.#gates.get(key);
    if (!gate) {
      gate = new Gate();
      this.#gates.set(key, gate);
    }
    return gate;
  }
}
