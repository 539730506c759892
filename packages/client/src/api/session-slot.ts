// One session of the client (a database session or a server session) and the connection that
// carries it: login, reattach from a session handle on a new connection, token renewal, close.
import { SessionExpiredError, type TokenError } from '../errors.js';
import { logIn } from '../session/login.js';
import { StatefulConnection } from '../session/stateful-connection.js';
import type { Connection, ConnectionOptions, RequestOptions } from '../session/types.js';
import type { Transport } from '../transport/transport.js';
import type { SessionHandle, SessionKind } from './session-token.js';

export interface SlotConfig {
  transport: Transport;
  upstream: string | undefined;
  /** What every connection of the client is opened with (resolved options); per-call signal and timeout are added. */
  connection: Pick<ConnectionOptions, 'protocolVersion' | 'maxAnswerBytes' | 'greetingTimeoutMs' | 'dates'>;
  /** Called whenever the session handle changes (login, renewal, reattach) or ends (null). */
  changed(kind: SessionKind, handle: SessionHandle | null): void;
}

export class SessionSlot {
  readonly kind: SessionKind;
  #config: SlotConfig;
  #handle: SessionHandle | null = null;
  #conn: Connection | undefined;
  #opening: Promise<Connection> | undefined;
  #unsubscribe: Array<() => void> = [];

  constructor(kind: SessionKind, config: SlotConfig) {
    this.kind = kind;
    this.#config = config;
  }

  get handle(): SessionHandle | null {
    return this.#handle;
  }
  get connection(): Connection | undefined {
    return this.#conn;
  }

  /** Opens a fresh connection and logs in on it; a previous session of this slot is closed. */
  async login(
    credentials: { database?: string; user: string; password: string },
    options: RequestOptions,
  ): Promise<void> {
    this.close();
    const conn = await this.#open(options, undefined, false);
    try {
      const { sessionId, token } = await logIn(conn, credentials, undefined, this.#config.transport.endpoint);
      this.#setHandle({
        kind: this.kind,
        sessionId,
        token,
        database: credentials.database ?? '',
        resumeId: conn.resumeId ?? '',
      });
      this.#adopt(conn);
    } catch (error) {
      conn.close();
      throw error;
    }
  }

  /** Takes over a session from a handle: its session id and token are used on the next connection. */
  attach(handle: SessionHandle): void {
    this.close();
    this.#setHandle(handle);
  }

  /**
   * The connection carrying this slot's session, opening one and reattaching when needed.
   * `earlyData`: when resuming a parked connection, send requests right behind the bridge's hello.
   */
  async conn(options: RequestOptions, earlyData = false): Promise<Connection> {
    if (this.#conn) return this.#conn;
    const handle = this.#handle;
    if (!handle)
      throw new SessionExpiredError(
        this.kind === 'database'
          ? 'no database session: call dbOpen() or setSessionToken() first'
          : 'no server session: call connect() first',
      );
    this.#opening ??= (async () => {
      const conn = await this.#open(options, handle.resumeId || undefined, earlyData, handle.token);
      conn.sessionId = handle.sessionId;
      conn.token = handle.token;
      this.#adopt(conn);
      this.#noteResumeId(conn);
      return conn;
    })().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  /** Another tab renewed this session's token: send it from the next request on, on the same connection. */
  adoptToken(token: Uint8Array): void {
    if (!this.#handle) return;
    if (this.#conn) this.#conn.token = token;
    this.#setHandle({ ...this.#handle, token });
  }

  /** A request failed because the server no longer knows the session: forget it. */
  expire(error: TokenError): SessionExpiredError {
    this.#setHandle(null);
    this.close();
    return new SessionExpiredError(
      `the ${this.kind} session is gone on the server (${error.serverMessage}); log in again`,
      { cause: error },
    );
  }

  /** Closes the connection; `logout` also forgets the session (the token itself stays valid until it expires). */
  close(options: { logout?: boolean; park?: boolean } = {}): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    const conn = this.#conn;
    this.#conn = undefined;
    conn?.close({ park: options.park });
    if (options.logout) this.#setHandle(null);
  }

  /** Keeps the handle's resume id in step with the connection's (given by the welcome, later with early data). */
  #noteResumeId(conn: Connection): void {
    const note = () => {
      const handle = this.#handle;
      if (this.#conn === conn && handle && conn.resumeId && conn.resumeId !== handle.resumeId)
        this.#setHandle({ ...handle, resumeId: conn.resumeId });
    };
    note();
    if (!conn.resumeId) this.#unsubscribe.push(conn.onWelcome(note));
  }

  async #open(
    options: RequestOptions,
    resumeId: string | undefined,
    earlyData: boolean,
    resumeToken?: Uint8Array,
  ): Promise<Connection> {
    try {
      return await StatefulConnection.open(this.#config.transport, {
        ...this.#config.connection,
        signal: options.signal,
        timeoutMs: options.timeoutMs,
        resumeId,
        resumeToken: resumeId === undefined ? undefined : resumeToken,
        earlyData,
        upstream: this.#config.upstream,
      });
    } catch (error) {
      if (resumeId !== undefined && isUnknownResume(error)) {
        return StatefulConnection.open(this.#config.transport, {
          ...this.#config.connection,
          signal: options.signal,
          timeoutMs: options.timeoutMs,
          upstream: this.#config.upstream,
        });
      }
      throw error;
    }
  }

  #adopt(conn: Connection): void {
    this.#conn = conn;
    this.#unsubscribe.push(
      conn.onTokenRenewed((token) => {
        if (this.#handle) this.#setHandle({ ...this.#handle, token });
      }),
      conn.onClose(() => {
        if (this.#conn === conn) {
          for (const off of this.#unsubscribe) off();
          this.#unsubscribe = [];
          this.#conn = undefined;
        }
      }),
    );
  }

  #setHandle(handle: SessionHandle | null): void {
    this.#handle = handle;
    this.#config.changed(this.kind, handle);
  }
}

function isUnknownResume(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { closeCode?: unknown }).closeCode === 4404;
}
