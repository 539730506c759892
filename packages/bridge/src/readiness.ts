// The /readyz probe: a fresh upstream connection to the default upstream (any of its nodes, over TLS
// where configured) that must yield OrientDB's greeting in time. Results are cached briefly so probes
// cannot flood it.

/** Resolves when the upstream greeted, rejects otherwise; given the time allowed. */
export type ReadinessProbe = (timeoutMs: number) => Promise<unknown>;

export class Readiness {
  readonly #probe: ReadinessProbe;
  readonly #timeoutMs: number;
  #cached: { at: number; ok: boolean } | undefined;
  #inflight: Promise<boolean> | undefined;

  constructor(probe: ReadinessProbe, timeoutMs: number) {
    this.#probe = probe;
    this.#timeoutMs = timeoutMs;
  }

  check(): Promise<boolean> {
    const now = performance.now();
    if (this.#cached && now - this.#cached.at < 1_000) return Promise.resolve(this.#cached.ok);
    this.#inflight ??= this.#probe(this.#timeoutMs)
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
