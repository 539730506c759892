// Bytes received and not yet consumed. Consumed regions are never overwritten (growth allocates a new
// array), so views handed out by decoders stay valid after later chunks arrive.

const MIN_CAPACITY = 64 * 1024;

export class ReceiveBuffer {
  bytes: Uint8Array = new Uint8Array(0);
  start = 0;
  end = 0;

  get length(): number {
    return this.end - this.start;
  }

  append(chunk: Uint8Array): void {
    const n = chunk.length;
    if (n === 0) return;
    if (this.end + n > this.bytes.length) {
      const live = this.end - this.start;
      const next = new Uint8Array(Math.max(MIN_CAPACITY, (live + n) * 2));
      next.set(this.bytes.subarray(this.start, this.end));
      this.bytes = next;
      this.start = 0;
      this.end = live;
    }
    this.bytes.set(chunk, this.end);
    this.end += n;
  }

  /** Marks everything before the absolute offset `to` as consumed. */
  consumeTo(to: number): void {
    this.start = to;
  }
}
