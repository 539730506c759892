// One WebSocket and its upstream TCP connection: the raw byte relay with backpressure both ways,
// timeouts, the welcome once the upstream is there, and the hand-over to the parking lot on a park close.
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import {
  BRIDGE_CLOSE as CLOSE,
  BRIDGE_PROTOCOL_VERSION,
  encodeBridgeRefusal,
  encodeBridgeWelcome,
  type Framing,
} from '@orientdb-edge/client/protocol';
import type { LoginThrottle } from './login-throttle.js';
import type { Logger } from './logger.js';
import type { CloseReason, Metrics } from './metrics.js';
import { decideOpening, type Opening, type OpeningContext } from './opening.js';
import type { ResolvedOptions, Upstream } from './options.js';
import { RequestGate } from './request-gate.js';
import type { UpstreamConnectError, UpstreamConnector } from './upstream-connector.js';

type State = 'hello' | 'connecting' | 'open' | 'closed';

/** What a relay needs of the bridge around it (with the parking lot and upstream lookup of OpeningContext). */
export interface RelayContext extends OpeningContext {
  readonly options: ResolvedOptions;
  readonly log: Logger;
  readonly metrics: Metrics;
  /** Opens upstream connections (paced, failed over, TLS). */
  readonly connector: UpstreamConnector;
  /** The failed-login throttle of the upstream of that name. */
  throttle(upstream: string): LoginThrottle;
  /** A draining bridge parks nothing. */
  readonly draining: boolean;
  /** Called once when the relay has ended: its WebSocket closed, its upstream closed or parked. */
  released(relay: Relay): void;
}

export class Relay {
  readonly ip: string;
  readonly #id: number;
  readonly #ws: WebSocket;
  readonly #ctx: RelayContext;
  #state: State = 'hello';
  #tcp: Socket | undefined;
  #upstream: Upstream | undefined;
  /** Reads and judges the client's requests (the upstream's policy); undefined: bytes go straight through. */
  #gate: RequestGate | undefined;
  /** The Origin of the upgrade: a resume must come from the same one. */
  readonly #origin: string | undefined;
  #resumeId = '';
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #closing = false;
  #helloTimer: NodeJS.Timeout | undefined;
  #connectAbort: AbortController | undefined;
  #alive = true;
  #lastPing: number;
  #lastActivity: number;
  #lastProgress: number;
  #upstreamSpokeLast = true;
  #tcpPaused = false;
  #wsPaused = false;
  readonly #onSent = (): void => this.#afterSend();
  readonly #onDrain = (): void => this.#afterDrain();
  readonly #onTcpData = (chunk: Buffer): void => this.#fromUpstream(chunk);
  readonly #onTcpEnd = (): void => this.#upstreamGone();
  readonly #onTcpError = (err: NodeJS.ErrnoException): void => this.#upstreamError(err);

  /** `id` numbers the connection in logs. */
  constructor(ws: WebSocket, ip: string, id: number, ctx: RelayContext, origin?: string) {
    this.#ws = ws;
    this.#origin = origin;
    this.ip = ip;
    this.#ctx = ctx;
    this.#id = id;
    const now = performance.now();
    this.#lastPing = now;
    this.#lastActivity = now;
    this.#lastProgress = now;
    const helloTimeout = () => this.close(CLOSE.TIMEOUT, 'no hello in time', 'hello_timeout');
    this.#helloTimer = setTimeout(helloTimeout, ctx.options.helloTimeoutMs);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#fromClient(data, isBinary));
    ws.on('close', (code: number) => this.#closed(code));
    ws.on('error', (err: Error & { code?: string }) => this.#wsError(err));
    ws.on('pong', () => {
      this.#alive = true;
    });
  }

  /** Idle means: nothing buffered either way and the upstream spoke after the client's last message. */
  get idle(): boolean {
    if (this.#state !== 'open') return true;
    return (
      this.#upstreamSpokeLast && this.#tcp!.writableLength === 0 && this.#ws.bufferedAmount === 0 && !this.#tcpPaused
    );
  }

  /** Bytes this relay holds: client messages waiting for the upstream, and upstream bytes waiting for the client. */
  get heldBytes(): number {
    return this.#pendingBytes + (this.#gate?.held ?? 0) + (this.#tcp?.writableLength ?? 0) + this.#ws.bufferedAmount;
  }

  close(code: number, reason: string, why: CloseReason): void {
    if (this.#closing || this.#state === 'closed') return;
    this.#closing = true;
    this.#ctx.metrics.closes[why]++;
    this.#ctx.log.info('ws_close', { conn: this.#id, code, why, upstream: this.#upstream?.name });
    this.#clearTimers();
    this.#ws.close(code, reason);
    this.#ws.resume();
    this.#endUpstream();
  }

  terminate(why: CloseReason): void {
    if (this.#state === 'closed') return;
    if (!this.#closing) this.#ctx.metrics.closes[why]++;
    this.#closing = true;
    this.#ws.terminate();
    this.#tcp?.destroy();
  }

  /** Called by the hub's sweep: heartbeat, idle timeout and stalled backpressure. */
  tick(now: number): void {
    if (this.#state === 'closed') return;
    const o = this.#ctx.options;
    if (o.heartbeatMs > 0 && now - this.#lastPing >= o.heartbeatMs) {
      if (!this.#alive) {
        this.terminate('heartbeat_timeout');
        return;
      }
      this.#alive = false;
      this.#lastPing = now;
      this.#ws.ping();
    }
    if (this.#closing) return;
    if (o.idleTimeoutMs > 0 && this.#state === 'open' && now - this.#lastActivity > o.idleTimeoutMs) {
      this.close(CLOSE.TIMEOUT, 'idle timeout', 'idle_timeout');
    } else if ((this.#tcpPaused || this.#wsPaused) && now - this.#lastProgress > o.stallTimeoutMs) {
      this.close(CLOSE.BACKPRESSURE, 'peer stuck above the buffer limit', 'backpressure');
    }
  }

  #fromClient(data: Buffer, isBinary: boolean): void {
    if (this.#closing) return;
    if (this.#state === 'hello') {
      clearTimeout(this.#helloTimer);
      this.#open(decideOpening(data, isBinary, this.#ctx, this.#origin));
      return;
    }
    if (!isBinary) {
      this.close(CLOSE.UNSUPPORTED_DATA, 'binary messages only', 'text_frame');
      return;
    }
    this.#upstreamSpokeLast = false;
    this.#lastActivity = performance.now();
    if (this.#state === 'connecting') {
      this.#pending.push(data);
      this.#pendingBytes += data.length;
      if (this.#pendingBytes > this.#ctx.options.hardLimit) {
        this.close(CLOSE.BACKPRESSURE, 'too much data before the upstream was ready', 'backpressure');
      }
      return;
    }
    this.#relay(data);
  }

  /** Client bytes go through the policy's gate when there is one. */
  #relay(data: Buffer): void {
    if (this.#gate) this.#gate.push(data);
    else this.#toUpstream(data);
  }

  /** Every client message reaches OrientDB through here, in order, the ones held during the connect first. */
  #toUpstream(data: Buffer): void {
    const tcp = this.#tcp!;
    this.#ctx.metrics.bytesClientToUpstream += data.length;
    if (!tcp.write(data) && !this.#wsPaused) {
      this.#wsPaused = true;
      this.#lastProgress = performance.now();
      this.#ctx.metrics.backpressurePauses.clientToUpstream++;
      this.#ws.pause();
      tcp.once('drain', this.#onDrain);
    }
    if (tcp.writableLength > this.#ctx.options.hardLimit) {
      this.close(CLOSE.BACKPRESSURE, 'upstream not reading', 'backpressure');
    }
  }

  #afterDrain(): void {
    this.#wsPaused = false;
    this.#lastProgress = performance.now();
    if (!this.#closing) this.#ws.resume();
  }

  #fromUpstream(chunk: Buffer): void {
    this.#upstreamSpokeLast = true;
    this.#lastActivity = performance.now();
    this.#ctx.metrics.bytesUpstreamToClient += chunk.length;
    this.#ws.send(chunk, { binary: true }, this.#onSent);
    this.#gate?.fromUpstream(chunk);
    const buffered = this.#ws.bufferedAmount;
    if (buffered > this.#ctx.options.highWaterMark && !this.#tcpPaused) {
      this.#tcpPaused = true;
      this.#lastProgress = performance.now();
      this.#ctx.metrics.backpressurePauses.upstreamToClient++;
      this.#tcp!.pause();
    }
    if (buffered > this.#ctx.options.hardLimit) this.close(CLOSE.BACKPRESSURE, 'client not reading', 'backpressure');
  }

  #afterSend(): void {
    if (!this.#tcpPaused) return;
    this.#lastProgress = performance.now();
    if (this.#ws.bufferedAmount <= this.#ctx.options.highWaterMark / 2 && !this.#closing) {
      this.#tcpPaused = false;
      this.#tcp?.resume();
    }
  }

  /** Acts on what the hello asked for (opening.ts decides). */
  #open(opening: Opening): void {
    switch (opening.kind) {
      case 'refuse':
        if (opening.detail) this.#ctx.log.info('opening_refused', { conn: this.#id, detail: opening.detail });
        this.close(opening.code, opening.reason, opening.why);
        return;
      case 'connect':
        this.#connect(opening.upstream);
        return;
      case 'resume':
        this.#attach(opening.parked.tcp, opening.parked.upstream, true, opening.parked.session?.framing);
        return;
      case 'wait':
        this.#state = 'connecting';
        this.#ws.pause();
        this.#ctx.log.debug('resume_wait', { conn: this.#id });
        void opening.settled.then(() => {
          if (!this.#closing) this.#open(opening.retry());
        });
    }
  }

  #connect(upstream: Upstream): void {
    this.#state = 'connecting';
    this.#upstream = upstream;
    this.#ws.pause();
    this.#connectAbort = new AbortController();
    this.#ctx.connector.connect(upstream, this.#connectAbort.signal).then(
      (tcp) => {
        if (this.#closing) tcp.destroy();
        else this.#attach(tcp, upstream, false);
      },
      (err: UpstreamConnectError) => {
        const reason = err.kind === 'queue' ? 'upstream busy' : 'upstream unreachable';
        this.close(CLOSE.UPSTREAM_UNREACHABLE, reason, 'upstream_unreachable');
      },
    );
  }

  #attach(tcp: Socket, upstream: Upstream, resumed: boolean, framing?: Framing): void {
    this.#tcp = tcp;
    this.#upstream = upstream;
    this.#gate = this.#makeGate(upstream, resumed, framing);
    this.#state = 'open';
    this.#resumeId = this.#ctx.parking.issue(this.#ctx.options.instanceId);
    const o = this.#ctx.options;
    this.#ws.send(
      encodeBridgeWelcome({
        v: BRIDGE_PROTOCOL_VERSION,
        resumeId: this.#resumeId,
        resumed,
        upstream: upstream.name,
        instance: o.instanceId,
        limits: { maxPayload: o.maxPayload, idleTimeoutMs: o.idleTimeoutMs, parkGraceMs: o.parkGraceMs },
      }),
      { binary: true },
    );
    tcp.on('data', this.#onTcpData);
    tcp.on('end', this.#onTcpEnd);
    tcp.on('close', this.#onTcpEnd);
    tcp.on('error', this.#onTcpError);
    for (const data of this.#pending) this.#relay(data);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#upstreamSpokeLast = this.#upstreamSpokeLast || resumed;
    this.#lastActivity = performance.now();
    this.#ctx.log.info('upstream_attached', { conn: this.#id, upstream: upstream.name, resumed });
    if (!this.#wsPaused) this.#ws.resume();
    tcp.resume();
  }

  #makeGate(upstream: Upstream, resumed: boolean, framing: Framing | undefined): RequestGate | undefined {
    const policy = this.#ctx.options.policies.get(upstream.name);
    if (!policy?.enabled) return undefined;
    const { log, options } = this.#ctx;
    const ctx = { policy, throttle: this.#ctx.throttle(upstream.name), log, conn: this.#id, upstream: upstream.name };
    return new RequestGate(
      { ...ctx, address: this.ip, resumed, framing, maxRequestSize: options.hardLimit, maxHeld: options.hardLimit },
      {
        forward: (bytes) => this.#toUpstream(bytes),
        refuse: (n, code, reason) => this.#ws.send(encodeBridgeRefusal({ refused: n, code, reason })),
        fail: (kind, reason) =>
          kind === 'unreadable'
            ? this.close(CLOSE.UNREADABLE_REQUEST, clip(`unreadable request: ${reason}`), 'unreadable_request')
            : this.close(CLOSE.BACKPRESSURE, 'too much data behind a login', 'backpressure'),
      },
    );
  }

  #upstreamError(err: NodeJS.ErrnoException): void {
    this.#ctx.metrics.upstreamErrors.reset++;
    this.#ctx.log.warn('upstream_error', { conn: this.#id, upstream: this.#upstream?.name, errno: err.code });
    this.#upstreamGone();
  }

  #upstreamGone(): void {
    if (this.#state !== 'open') return;
    this.close(CLOSE.UPSTREAM_CLOSED, 'upstream closed the connection', 'upstream_closed');
  }

  #wsError(err: Error & { code?: string }): void {
    if (this.#closing) return;
    this.#closing = true;
    const why: CloseReason = err.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 'message_too_big' : 'protocol_error';
    this.#ctx.metrics.closes[why]++;
    this.#ctx.log.info('ws_error', { conn: this.#id, why, errcode: err.code });
    this.#endUpstream();
  }

  #closed(code: number): void {
    const wasClosing = this.#closing;
    const tcp = this.#tcp;
    this.#clearTimers();
    this.#closing = true;
    if (!wasClosing && code === CLOSE.PARK && tcp && this.#state === 'open') {
      this.#state = 'closed';
      this.#park(tcp);
    } else {
      if (!wasClosing) this.#ctx.metrics.closes.client_closed++;
      this.#state = 'closed';
      this.#endUpstream();
    }
    if (this.#resumeId) this.#ctx.parking.release(this.#resumeId);
    this.#ctx.released(this);
  }

  #park(tcp: Socket): void {
    const { parking, metrics, log } = this.#ctx;
    const clean =
      this.#upstreamSpokeLast &&
      tcp.writableLength === 0 &&
      !this.#tcpPaused &&
      !this.#wsPaused &&
      this.#pendingBytes === 0 &&
      (this.#gate?.held ?? 0) === 0;
    if (!clean || !parking.hasRoom() || this.#ctx.draining || tcp.destroyed) {
      metrics.parks.refused++;
      metrics.closes.park_refused++;
      log.info('park_refused', { conn: this.#id, clean, room: parking.hasRoom() });
      this.#endUpstream();
      return;
    }
    this.#detach(tcp);
    metrics.closes.parked++;
    const gate = this.#gate;
    const session = {
      origin: this.#origin,
      identity: gate?.identity,
      database: gate?.loginDatabase,
      framing: gate?.framing,
      policed: !!gate,
    };
    parking.park(this.#resumeId, tcp, this.#upstream!, session);
    this.#tcp = undefined;
    log.info('parked', { conn: this.#id, upstream: this.#upstream?.name });
  }

  #detach(tcp: Socket): void {
    tcp.off('data', this.#onTcpData);
    tcp.off('end', this.#onTcpEnd);
    tcp.off('close', this.#onTcpEnd);
    tcp.off('error', this.#onTcpError);
    tcp.off('drain', this.#onDrain);
  }

  #endUpstream(): void {
    const tcp = this.#tcp;
    if (!tcp || tcp.destroyed) return;
    this.#detach(tcp);
    tcp.on('error', () => {});
    if (this.#state === 'connecting' || this.#tcpPaused) {
      tcp.destroy();
      return;
    }
    tcp.end();
    setTimeout(() => tcp.destroy(), 5_000).unref();
  }

  #clearTimers(): void {
    clearTimeout(this.#helloTimer);
    this.#connectAbort?.abort();
  }
}

/** A close reason fits in a control frame (123 bytes of UTF-8); the log keeps the whole one. */
function clip(reason: string): string {
  const ascii = reason.replace(/[^\x20-\x7e]/g, '?');
  return ascii.length <= 120 ? ascii : `${ascii.slice(0, 117)}...`;
}
