// Follows the frame headers of one client-to-bridge WebSocket byte stream (RFC 6455 §5.2) to know
// what `ws` is holding for a message that has not arrived whole: the payload of its finished
// fragments plus every byte of the frame being received (ws keeps a partial frame until it is
// complete). Payload bytes are skipped, never copied; only headers (at most 14 bytes) are read.

const MAX_HEADER = 14;

export class MessageMeter {
  readonly #header = new Uint8Array(MAX_HEADER);
  #headerHave = 0;
  #headerNeed = 2;
  /** Inside a frame's payload, with this many bytes still to come. */
  #inPayload = false;
  #payloadLeft = 0;
  #frameBytes = 0;
  #framePayload = 0;
  #frameData = false;
  #frameFin = false;
  /** Payload of the finished fragments of a message whose last fragment has not come. */
  #fragmentBytes = 0;
  #fragmented = false;
  #startedAt: number | undefined;

  /** Bytes held now for the message (or control frame) in progress; 0 between messages. */
  get held(): number {
    return this.#fragmentBytes + (this.#inPayload ? this.#frameBytes : this.#headerHave);
  }

  /** When the bytes of the unfinished message began to arrive; undefined between messages. */
  get startedAt(): number | undefined {
    return this.#startedAt;
  }

  /** Moves the start forward, so that time the bridge itself spent not reading does not count. */
  postpone(ms: number): void {
    if (this.#startedAt !== undefined) this.#startedAt += ms;
  }

  /** Reads one chunk as the socket delivered it; returns how much `held` changed. */
  onData(chunk: Uint8Array, now: number): number {
    const before = this.held;
    let i = 0;
    while (i < chunk.length) {
      if (this.#inPayload) {
        const take = Math.min(this.#payloadLeft, chunk.length - i);
        this.#payloadLeft -= take;
        this.#frameBytes += take;
        i += take;
        if (this.#payloadLeft === 0) this.#frameDone();
        continue;
      }
      if (this.#headerHave === 0 && this.#startedAt === undefined) this.#startedAt = now;
      this.#header[this.#headerHave++] = chunk[i++]!;
      if (this.#headerHave === 2) this.#headerNeed = headerLength(this.#header[1]!);
      if (this.#headerHave === this.#headerNeed) this.#headerDone();
    }
    return this.held - before;
  }

  #headerDone(): void {
    const h = this.#header;
    this.#frameFin = (h[0]! & 0x80) !== 0;
    this.#frameData = (h[0]! & 0x08) === 0;
    this.#frameBytes = this.#headerNeed;
    this.#framePayload = payloadLength(h);
    this.#payloadLeft = this.#framePayload;
    this.#headerHave = 0;
    this.#headerNeed = 2;
    this.#inPayload = true;
    if (this.#payloadLeft === 0) this.#frameDone();
  }

  #frameDone(): void {
    this.#inPayload = false;
    if (this.#frameData) {
      this.#fragmented = !this.#frameFin;
      this.#fragmentBytes = this.#fragmented ? this.#fragmentBytes + this.#framePayload : 0;
    }
    this.#frameBytes = 0;
    // Control frames may come between fragments; they neither finish nor start a message.
    if (!this.#fragmented) this.#startedAt = undefined;
  }
}

/** From the second header byte: 2 bytes, then 2 or 8 of extended length, then 4 of mask if masked. */
function headerLength(second: number): number {
  const len7 = second & 0x7f;
  return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (second & 0x80 ? 4 : 0);
}

function payloadLength(h: Uint8Array): number {
  const len7 = h[1]! & 0x7f;
  if (len7 < 126) return len7;
  if (len7 === 126) return (h[2]! << 8) | h[3]!;
  // 64-bit length: ws refuses anything above maxPayload; a number this side of 2^53 is enough to count.
  const high = ((h[2]! << 24) >>> 0) + ((h[3]! << 16) | (h[4]! << 8) | h[5]!);
  const low = ((h[6]! << 24) >>> 0) + ((h[7]! << 16) | (h[8]! << 8) | h[9]!);
  return high * 2 ** 32 + low;
}
