// The byte-stream contract between the session layer and a way of reaching OrientDB.
// A Transport is a factory: the session calls connect() once per connection (and again on reconnect).

export interface TransportHandlers {
  /** Bytes from the server, in order, chunked arbitrarily. The chunk may be reused after return: copy to keep. */
  data(chunk: Uint8Array): void;
  /**
   * The stream ended. `error` is absent for a close the session asked for. Called at most once.
   * `unsent`: nothing written on this stream reached OrientDB (an early-data stream the bridge refused).
   */
  closed(error?: Error, detail?: { unsent: boolean }): void;
  /** Early data only: the bridge's welcome arrived (the stream's resumeId is known from now on). */
  welcomed?(): void;
  /**
   * Bridge only: its policy refused the stream's request number `n` (counting every request written
   * after the hello from 1, the handshake included); that request was not sent to OrientDB.
   */
  refused?(n: number, code: string, reason: string): void;
}

export interface ConnectOptions {
  signal?: AbortSignal;
  /** Bridge only: resume the parked upstream connection with this id. */
  resumeId?: string;
  /** Bridge only, with resumeId: the session's current token (the bridge resumes only the same database and user). */
  resumeToken?: Uint8Array;
  /** Bridge only: the upstream's configured name. */
  upstream?: string;
  /**
   * Bridge only, with resumeId: resolve as soon as the hello is sent, so that requests follow it
   * without waiting a round trip for the welcome. The bridge holds them until the parked upstream is
   * attached; if it refuses the resume instead, `closed` reports them unsent.
   */
  earlyData?: boolean;
}

export interface ByteStream {
  /** Queues bytes, kept as given until sent (the caller never changes them); writes of one tick may go out as one message. */
  write(bytes: Uint8Array): void;
  /** Sends what this tick's writes queued now instead of at the end of the tick (optional). */
  flush?(): void;
  /** Ends the stream. `park: true` asks the bridge to keep the upstream for a later resume. */
  close(options?: { park?: boolean }): void;
  /**
   * Server-side runtimes: `false` lets the process exit while the stream is open (Node's unref), `true`
   * holds it again. Streams hold from the start; the connection releases them while no call waits for
   * an answer. Absent (or doing nothing) where the runtime cannot release the socket.
   */
  hold?(on: boolean): void;
  /** True when the bridge resumed a parked upstream: no greeting follows, the old session is live. */
  readonly resumed: boolean;
  /** Bridge only: the id under which this connection can be parked and resumed. */
  readonly resumeId: string | undefined;
}

export interface Transport {
  /** 'websocket', 'tcp' or 'memory'. */
  readonly kind: string;
  /** A stable identity of the endpoint (bridge URL or host:port), used to key stored sessions. */
  readonly endpoint: string;
  connect(handlers: TransportHandlers, options?: ConnectOptions): Promise<ByteStream>;
}
