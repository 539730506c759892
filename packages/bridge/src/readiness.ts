// The /readyz probe: a fresh TCP connection to the default upstream that must yield OrientDB's
// 2-byte protocol-version greeting in time. Results are cached briefly so probes cannot flood it.
import { connect } from 'node:net';
import type { Upstream } from './options.js';

function probeGreeting(upstream: Upstream, timeoutMs: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const tcp = connect({ host: upstream.host, port: upstream.port, noDelay: true });
    let got = Buffer.alloc(0);
    const done = (err: Error | undefined, version?: number) => {
      clearTimeout(timer);
      tcp.destroy();
      if (err) reject(err);
      else resolve(version!);
    };
    const timer = setTimeout(() => done(new Error('no greeting in time')), timeoutMs);
    tcp.on('error', (err) => done(err));
    tcp.on('close', () => done(new Error('closed before the greeting')));
    tcp.on('data', (chunk: Buffer) => {
      got = Buffer.concat([got, chunk]);
      if (got.length >= 2) done(undefined, got.readInt16BE(0));
    });
  });
}

export class Readiness {
  readonly #upstream: Upstream;
  readonly #timeoutMs: number;
  #cached: { at: number; ok: boolean } | undefined;
  #inflight: Promise<boolean> | undefined;

  constructor(upstream: Upstream, timeoutMs: number) {
    this.#upstream = upstream;
    this.#timeoutMs = timeoutMs;
  }

  check(): Promise<boolean> {
    const now = performance.now();
    if (this.#cached && now - this.#cached.at < 1_000) return Promise.resolve(this.#cached.ok);
    this.#inflight ??= probeGreeting(this.#upstream, this.#timeoutMs)
      .then(
        () => true,
        () => false,
      )
      .then((ok) => {
        this.#cached = { at: performance.now(), ok };
        this.#inflight = undefined;
        return ok;
      });
    return this.#inflight;
  }
}
