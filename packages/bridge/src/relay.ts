// One WebSocket and its upstream TCP connection: the hello, the raw byte relay with backpressure
// both ways, timeouts, and the hand-over to the parking lot on a park close.
import { connect, type Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { CLOSE, type CloseReason } from './close-codes.js';
import { decodeHello, encodeWelcome, type Hello } from './hello.js';
import { newResumeId } from './parking.js';
import type { Hub } from './hub.js';
import type { Upstream } from './options.js';

type State = 'hello' | 'connecting' | 'open' | 'closed';

/** How long a resume waits for the old WebSocket of the same id to finish closing with 4000. */
const RESUME_WAIT_MS = 2_000;

export class Relay {
  readonly ip: string;
  readonly #id: number;
  readonly #ws: WebSocket;
  readonly #hub: Hub;
  #state: State = 'hello';
  #tcp: Socket | undefined;
  #upstream: Upstream | undefined;
  #resumeId = '';
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #closing = false;
  #helloTimer: NodeJS.Timeout | undefined;
  #connectTimer: NodeJS.Timeout | undefined;
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

  constructor(ws: WebSocket, ip: string, hub: Hub) {
    this.#ws = ws;
    this.ip = ip;
    this.#hub = hub;
    this.#id = hub.metrics.connectionsTotal;
    const now = performance.now();
    this.#lastPing = now;
    this.#lastActivity = now;
    this.#lastProgress = now;
    this.#helloTimer = setTimeout(() => this.close(CLOSE.TIMEOUT, 'no hello in time', 'hello_timeout'), hub.options.helloTimeoutMs);
    ws.on('message', (data: Buffer, isBinary: boolean) => this.#fromClient(data, isBinary));
    ws.on('close', (code: number) => this.#closed(code));
    ws.on('error', (err: Error & { code?: string }) => this.#wsError(err));
    ws.on('pong', () => { this.#alive = true; });
  }

  /** Idle means: nothing buffered either way and the upstream spoke after the client's last message. */
  get idle(): boolean {
    if (this.#state !== 'open') return true;
    return this.#upstreamSpokeLast && this.#tcp!.writableLength === 0 && this.#ws.bufferedAmount === 0 && !this.#tcpPaused;
  }

  close(code: number, reason: string, why: CloseReason): void {
    if (this.#closing || this.#state === 'closed') return;
    this.#closing = true;
    this.#hub.metrics.closes[why]++;
    this.#hub.log.info('ws_close', { conn: this.#id, code, why, upstream: this.#upstream?.name });
    this.#clearTimers();
    this.#ws.close(code, reason);
    this.#ws.resume();
    this.#endUpstream();
  }

  terminate(why: CloseReason): void {
    if (this.#state === 'closed') return;
    if (!this.#closing) this.#hub.metrics.closes[why]++;
    this.#closing = true;
    this.#ws.terminate();
    this.#tcp?.destroy();
  }

  /** Called by the hub's sweep: heartbeat, idle timeout and stalled backpressure. */
  tick(now: number): void {
    if (this.#state === 'closed') return;
    const o = this.#hub.options;
    if (o.heartbeatMs > 0 && now - this.#lastPing >= o.heartbeatMs) {
      if (!this.#alive) { this.terminate('heartbeat_timeout'); return; }
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
    if (this.#state === 'hello') { this.#onHello(data, isBinary); return; }
    if (!isBinary) { this.close(CLOSE.UNSUPPORTED_DATA, 'binary messages only', 'text_frame'); return; }
    this.#upstreamSpokeLast = false;
    this.#lastActivity = performance.now();
    if (this.#state === 'connecting') {
      this.#pending.push(data);
      this.#pendingBytes += data.length;
      if (this.#pendingBytes > this.#hub.options.hardLimit) this.close(CLOSE.BACKPRESSURE, 'too much data before the upstream was ready', 'backpressure');
      return;
    }
    this.#toUpstream(data);
  }

  #toUpstream(data: Buffer): void {
    const tcp = this.#tcp!;
    this.#hub.metrics.bytesClientToUpstream += data.length;
    if (!tcp.write(data) && !this.#wsPaused) {
      this.#wsPaused = true;
      this.#lastProgress = performance.now();
      this.#hub.metrics.backpressurePauses.clientToUpstream++;
      this.#ws.pause();
      tcp.once('drain', this.#onDrain);
    }
    if (tcp.writableLength > this.#hub.options.hardLimit) this.close(CLOSE.BACKPRESSURE, 'upstream not reading', 'backpressure');
  }

  #afterDrain(): void {
    this.#wsPaused = false;
    this.#lastProgress = performance.now();
    if (!this.#closing) this.#ws.resume();
  }

  #fromUpstream(chunk: Buffer): void {
    this.#upstreamSpokeLast = true;
    this.#lastActivity = performance.now();
    this.#hub.metrics.bytesUpstreamToClient += chunk.length;
    this.#ws.send(chunk, { binary: true }, this.#onSent);
    const buffered = this.#ws.bufferedAmount;
    if (buffered > this.#hub.options.highWaterMark && !this.#tcpPaused) {
      this.#tcpPaused = true;
      this.#lastProgress = performance.now();
      this.#hub.metrics.backpressurePauses.upstreamToClient++;
      this.#tcp!.pause();
    }
    if (buffered > this.#hub.options.hardLimit) this.close(CLOSE.BACKPRESSURE, 'client not reading', 'backpressure');
  }

  #afterSend(): void {
    if (!this.#tcpPaused) return;
    this.#lastProgress = performance.now();
    if (this.#ws.bufferedAmount <= this.#hub.options.highWaterMark / 2 && !this.#closing) {
      this.#tcpPaused = false;
      this.#tcp?.resume();
    }
  }

  #onHello(data: Buffer, isBinary: boolean): void {
    clearTimeout(this.#helloTimer);
    const result = decodeHello(data, isBinary);
    if (!result.ok) {
      this.close(result.code, result.reason, result.code === CLOSE.UNSUPPORTED_VERSION ? 'unsupported_version' : 'bad_hello');
      return;
    }
    const hello = result.hello;
    if (hello.resume !== undefined) { this.#resume(hello); return; }
    const upstream = this.#hub.upstream(hello.upstream);
    if (!upstream) { this.close(CLOSE.UNKNOWN_TARGET, 'unknown upstream', 'unknown_upstream'); return; }
    this.#connect(upstream);
  }

  #resume(hello: Hello): void {
    const id = hello.resume!;
    if (!this.#hub.parking.has(id) && this.#hub.liveIds.has(id)) {
      this.#state = 'connecting';
      this.#ws.pause();
      this.#hub.log.debug('resume_wait', { conn: this.#id });
      void this.#hub.parking.whenParked(id, RESUME_WAIT_MS).then(() => { if (!this.#closing) this.#takeParked(hello); });
      return;
    }
    this.#takeParked(hello);
  }

  #takeParked(hello: Hello): void {
    const parked = this.#hub.parking.take(hello.resume!);
    if (!parked) { this.close(CLOSE.UNKNOWN_TARGET, 'unknown or expired resume id', 'unknown_resume'); return; }
    if (hello.upstream !== undefined && hello.upstream !== parked.upstream.name) {
      parked.tcp.destroy();
      this.close(CLOSE.UNKNOWN_TARGET, 'resume id belongs to another upstream', 'unknown_resume');
      return;
    }
    this.#attach(parked.tcp, parked.upstream, true);
  }

  #connect(upstream: Upstream): void {
    this.#state = 'connecting';
    this.#upstream = upstream;
    this.#ws.pause();
    const tcp = connect({ host: upstream.host, port: upstream.port, noDelay: true, keepAlive: true, keepAliveInitialDelay: 30_000 });
    this.#tcp = tcp;
    const fail = (kind: 'connect' | 'timeout') => {
      tcp.destroy();
      this.#hub.metrics.upstreamErrors[kind]++;
      this.#hub.log.warn('upstream_unreachable', { upstream: upstream.name, kind });
      this.close(CLOSE.UPSTREAM_UNREACHABLE, 'upstream unreachable', 'upstream_unreachable');
    };
    const onError = () => { clearTimeout(this.#connectTimer); fail('connect'); };
    this.#connectTimer = setTimeout(() => { tcp.off('error', onError); tcp.on('error', () => {}); fail('timeout'); }, this.#hub.options.upstreamConnectTimeoutMs);
    tcp.once('error', onError);
    tcp.once('connect', () => {
      clearTimeout(this.#connectTimer);
      tcp.off('error', onError);
      if (this.#closing) { tcp.destroy(); return; }
      this.#attach(tcp, upstream, false);
    });
  }

  #attach(tcp: Socket, upstream: Upstream, resumed: boolean): void {
    this.#tcp = tcp;
    this.#upstream = upstream;
    this.#state = 'open';
    this.#hub.liveIds.delete(this.#resumeId);
    this.#resumeId = newResumeId();
    this.#hub.liveIds.add(this.#resumeId);
    const o = this.#hub.options;
    this.#ws.send(encodeWelcome({
      v: 1, resumeId: this.#resumeId, resumed, upstream: upstream.name,
      limits: { maxPayload: o.maxPayload, idleTimeoutMs: o.idleTimeoutMs, parkGraceMs: o.parkGraceMs },
    }), { binary: true });
    tcp.on('data', this.#onTcpData);
    tcp.on('end', this.#onTcpEnd);
    tcp.on('close', this.#onTcpEnd);
    tcp.on('error', this.#onTcpError);
    for (const data of this.#pending) this.#toUpstream(data);
    this.#pending = [];
    this.#pendingBytes = 0;
    this.#upstreamSpokeLast = this.#upstreamSpokeLast || resumed;
    this.#lastActivity = performance.now();
    this.#hub.log.info('upstream_attached', { conn: this.#id, upstream: upstream.name, resumed });
    if (!this.#wsPaused) this.#ws.resume();
    tcp.resume();
  }

  #upstreamError(err: NodeJS.ErrnoException): void {
    this.#hub.metrics.upstreamErrors.reset++;
    this.#hub.log.warn('upstream_error', { conn: this.#id, upstream: this.#upstream?.name, errno: err.code });
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
    this.#hub.metrics.closes[why]++;
    this.#hub.log.info('ws_error', { conn: this.#id, why, errcode: err.code });
    this.#endUpstream();
  }

  #closed(code: number): void {
    const wasClosing = this.#closing;
    const tcp = this.#tcp;
    this.#hub.liveIds.delete(this.#resumeId);
    this.#clearTimers();
    this.#closing = true;
    if (!wasClosing && code === CLOSE.PARK && tcp && this.#state === 'open') {
      this.#state = 'closed';
      this.#park(tcp);
    } else {
      if (!wasClosing) this.#hub.metrics.closes.client_closed++;
      this.#state = 'closed';
      this.#endUpstream();
    }
    this.#hub.parking.settle(this.#resumeId);
    this.#hub.released(this);
  }

  #park(tcp: Socket): void {
    const hub = this.#hub;
    const clean = this.#upstreamSpokeLast && tcp.writableLength === 0 && !this.#tcpPaused && !this.#wsPaused && this.#pendingBytes === 0;
    if (!clean || !hub.parking.hasRoom() || hub.draining || tcp.destroyed) {
      hub.metrics.parks.refused++;
      hub.metrics.closes.park_refused++;
      hub.log.info('park_refused', { conn: this.#id, clean, room: hub.parking.hasRoom() });
      this.#endUpstream();
      return;
    }
    this.#detach(tcp);
    hub.metrics.closes.parked++;
    hub.parking.park(this.#resumeId, tcp, this.#upstream!);
    this.#tcp = undefined;
    hub.log.info('parked', { conn: this.#id, upstream: this.#upstream?.name });
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
    if (this.#state === 'connecting' || this.#tcpPaused) { tcp.destroy(); return; }
    tcp.end();
    setTimeout(() => tcp.destroy(), 5_000).unref();
  }

  #clearTimers(): void {
    clearTimeout(this.#helloTimer);
    clearTimeout(this.#connectTimer);
  }
}
