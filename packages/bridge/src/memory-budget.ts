// The bridge's memory budget: bytes held for all connections together, and a deadline for a message
// that has not arrived whole. `ws` collects a fragmented message (or a large frame) until its end, up
// to maxPayload, and the idle timer counts only complete messages; so each client socket's bytes are
// metered here (message-meter.ts) and added to what its relay holds (messages waiting for either
// peer). Past the budget the largest holders are closed with 4413, past the deadline a connection is
// closed with 4408; either way the bridge stops reading it and drops the socket shortly after the
// close frame, so the held bytes go with it.
import type { Duplex } from 'node:stream';
import { BRIDGE_CLOSE as CLOSE } from '@orientdb-edge/client/protocol';
import type { Logger } from './logger.js';
import { MessageMeter } from './message-meter.js';
import type { CloseReason, Metrics } from './metrics.js';

/** What the budget needs of a relay. */
export interface BufferHolder {
  /** Bytes the relay itself holds: messages waiting for the upstream connect or its socket, and for the client. */
  readonly heldBytes: number;
  close(code: number, reason: string, why: CloseReason): void;
}

interface Watched {
  readonly socket: Duplex;
  readonly meter: MessageMeter;
  readonly onData: (chunk: Buffer) => void;
  /** Relay-held bytes as of the last sweep. */
  relayBytes: number;
}

/** Time between the close frame and dropping a socket the budget closed, for the frame to leave. */
const CLOSE_GRACE_MS = 1_000;

export class MemoryBudget {
  readonly #max: number;
  readonly #deadlineMs: number;
  readonly #metrics: Metrics;
  readonly #log: Logger;
  readonly #watched = new Map<BufferHolder, Watched>();
  /** Sum of the meters' held bytes, kept as data arrives. */
  #unfinished = 0;
  /** Sum of relay-held bytes as of the last sweep. */
  #relays = 0;
  #lastSweep = performance.now();

  constructor(limits: { maxBufferedBytes: number; messageDeadlineMs: number }, metrics: Metrics, log: Logger) {
    this.#max = limits.maxBufferedBytes;
    this.#deadlineMs = limits.messageDeadlineMs;
    this.#metrics = metrics;
    this.#log = log;
  }

  /** Meters `socket`, the one under `holder`'s WebSocket, from now on. */
  watch(holder: BufferHolder, socket: Duplex): void {
    const meter = new MessageMeter();
    const onData = (chunk: Buffer): void => {
      this.#unfinished += meter.onData(chunk, performance.now());
      if (this.#total() > this.#max) this.#enforce();
      else this.#metrics.bufferedBytes = this.#total();
    };
    socket.on('data', onData);
    this.#watched.set(holder, { socket, meter, onData, relayBytes: 0 });
  }

  /** Stops metering (the relay ended or the budget closed it). */
  forget(holder: BufferHolder): void {
    const w = this.#watched.get(holder);
    if (!w) return;
    w.socket.off('data', w.onData);
    this.#unfinished -= w.meter.held;
    this.#relays -= w.relayBytes;
    this.#watched.delete(holder);
    this.#metrics.bufferedBytes = this.#total();
  }

  /** Called by the hub's sweep: refreshes the relays' share, then the deadline and the budget. */
  tick(now: number): void {
    const elapsed = now - this.#lastSweep;
    this.#lastSweep = now;
    let relays = 0;
    const late: BufferHolder[] = [];
    for (const [holder, w] of this.#watched) {
      w.relayBytes = holder.heldBytes;
      relays += w.relayBytes;
      const started = w.meter.startedAt;
      if (started === undefined) continue;
      // A socket the relay paused (backpressure, upstream connect) is not read: its sender is not late.
      if (w.socket.isPaused()) w.meter.postpone(elapsed);
      else if (now - started > this.#deadlineMs) late.push(holder);
    }
    this.#relays = relays;
    for (const holder of late) this.#stop(holder, CLOSE.TIMEOUT, 'message not finished in time', 'message_deadline');
    if (this.#total() > this.#max) this.#enforce();
    this.#metrics.bufferedBytes = this.#total();
  }

  #total(): number {
    return this.#unfinished + this.#relays;
  }

  /** Closes the largest holders until the rest fit in the budget. */
  #enforce(): void {
    const holders = [...this.#watched].map(([holder, w]) => ({ holder, bytes: w.meter.held + w.relayBytes }));
    holders.sort((a, b) => b.bytes - a.bytes);
    const before = this.#total();
    for (const { holder, bytes } of holders) {
      if (this.#total() <= this.#max || bytes === 0) break;
      this.#log.warn('memory_budget', { held: bytes, total: before, budget: this.#max });
      this.#stop(holder, CLOSE.MEMORY_BUDGET, 'bridge memory budget exceeded', 'memory_budget');
    }
    this.#metrics.bufferedBytes = this.#total();
  }

  #stop(holder: BufferHolder, code: number, reason: string, why: CloseReason): void {
    const w = this.#watched.get(holder);
    if (!w) return;
    this.forget(holder);
    holder.close(code, reason, why);
    // close() reads on for the peer's close frame; this peer is the problem, so read no more.
    w.socket.pause();
    setTimeout(() => w.socket.destroy(), CLOSE_GRACE_MS).unref();
  }
}
