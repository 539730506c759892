// One WebSocket's requests on their way upstream: the client's bytes go through the client package's
// RequestScanner, each complete request is judged by the policy, and only allowed requests' bytes are
// forwarded, in order; a refused one is answered with a refusal message instead. A login goes upstream
// alone: what follows it waits until the first byte of its answer (the status) has come back, which
// tells the throttle whether it failed.
import { type Framing, RequestScanner, type ScannedRequest } from '@orientdb-edge/client/protocol';
import type { LoginThrottle } from './login-throttle.js';
import type { Logger } from './logger.js';
import { isLogin, judge, type Policy, type RefusalCode, type TokenFacts, tokenFacts, type Verdict } from './policy.js';

/** What the gate does to its connection. */
export interface GateSink {
  /** Bytes of allowed requests, in stream order. */
  forward(bytes: Buffer): void;
  /** Tells the client that its request number `n` was refused (the refusal message). */
  refuse(n: number, code: RefusalCode, reason: string): void;
  /** The stream cannot be followed (unknown opcode, malformed, too large) or holds too much: close. */
  fail(kind: 'unreadable' | 'held', reason: string): void;
}

export interface GateContext {
  policy: Policy;
  throttle: LoginThrottle;
  log: Logger;
  /** For logs and the throttle. */
  conn: number;
  upstream: string;
  address: string;
  /** The WebSocket took over a parked upstream connection (no greeting; a session may be bound to it). */
  resumed: boolean;
  /** The parked stream's framing, for a resumed connection. */
  framing: Framing | undefined;
  /** Largest request read and held; beyond it the connection closes. */
  maxRequestSize: number;
  /** Largest number of bytes held behind a login waiting for its answer. */
  maxHeld: number;
}

interface Segment {
  length: number;
  forward: boolean;
  /** A login: forwarding it holds what follows until its status byte. */
  login?: PendingLogin;
}

interface PendingLogin {
  user: string;
  database: string;
  /** The throttle counted it as failed when it went upstream (LoginThrottle.admit). */
  counted: boolean;
}

/** OrientDB greets a new connection with its protocol version (a short) before any answer. */
const GREETING_BYTES = 2;
const STATUS_ERROR = 1;

export class RequestGate {
  readonly #ctx: GateContext;
  readonly #sink: GateSink;
  readonly #scanner: RequestScanner;
  /** Bytes received and not yet forwarded or dropped: chunks, the first read from #offset. */
  #chunks: Buffer[] = [];
  #offset = 0;
  #queued = 0;
  #segments: Segment[] = [];
  #ordinal = 0;
  #greetingLeft: number;
  /** A login went upstream and its status has not come back: forwarding waits. */
  #login: PendingLogin | undefined;
  #loginSeen = false;
  #answeredSent = false;
  #identity: string | undefined;
  #loginDatabase: string | undefined;
  #failed = false;
  /** A session sends the same token on every request: its facts are read once (a copy of the bytes as key). */
  #lastToken: Buffer | undefined;
  #lastFacts: TokenFacts | undefined;

  constructor(ctx: GateContext, sink: GateSink) {
    this.#ctx = ctx;
    this.#sink = sink;
    this.#greetingLeft = ctx.resumed ? 0 : GREETING_BYTES;
    this.#scanner = new RequestScanner({
      maxRequestSize: ctx.maxRequestSize,
      framing: ctx.resumed ? (ctx.framing ?? 'handshake') : undefined,
    });
  }

  /** database + user of the last token relayed: a resume must present a token naming the same. */
  get identity(): string | undefined {
    return this.#identity;
  }
  /** The database of the DB_OPEN relayed on this connection, if any. */
  get loginDatabase(): string | undefined {
    return this.#loginDatabase;
  }
  get framing(): Framing | undefined {
    return this.#scanner.framing;
  }
  /** Bytes received from the client and not yet forwarded or dropped. */
  get held(): number {
    return this.#queued;
  }

  push(data: Buffer): void {
    if (this.#failed) return;
    this.#chunks.push(data);
    this.#queued += data.length;
    let requests: ScannedRequest[];
    try {
      requests = this.#scanner.push(data);
    } catch (error) {
      this.#fail('unreadable', (error as Error).message);
      return;
    }
    for (const request of requests) this.#judge(request);
    this.#flush();
    if (!this.#failed && this.#queued > this.#ctx.maxHeld + this.#scanner.buffered) {
      this.#fail('held', `more than ${this.#ctx.maxHeld} bytes sent behind a login still waiting for its answer`);
    }
  }

  /** Bytes OrientDB sent on this connection (already relayed to the client): watches for a login's status. */
  fromUpstream(chunk: Buffer): void {
    let at = 0;
    if (this.#greetingLeft > 0) {
      at = Math.min(this.#greetingLeft, chunk.length);
      this.#greetingLeft -= at;
    }
    const login = this.#login;
    if (!login || at >= chunk.length) return;
    this.#login = undefined;
    const { log, conn, upstream, address } = this.#ctx;
    if (chunk[at] === STATUS_ERROR) {
      if (!login.counted) this.#ctx.throttle.failed(address, login.user);
      log.warn('login_failed', { conn, upstream, ip: address, user: login.user, database: login.database });
    } else {
      if (login.counted) this.#ctx.throttle.forgive(address, login.user);
      log.debug('login_answered', { conn, upstream, user: login.user, database: login.database });
    }
    this.#flush();
  }

  #judge(request: ScannedRequest): void {
    const n = ++this.#ordinal;
    const op = request.operation;
    const token = request.token ? this.#facts(request.token) : null;
    let verdict: Verdict = judge(this.#ctx.policy, {
      operation: op,
      sessionId: request.sessionId,
      token,
      args: request.args,
      resumed: this.#ctx.resumed,
    });
    const segment: Segment = { length: request.end - request.start, forward: verdict.allow };
    if (verdict.allow && isLogin(op)) {
      const { user, database = '' } = request.args as { user: string; database?: string };
      verdict = this.#admitLogin(user, database);
      segment.forward = verdict.allow;
      if (verdict.allow) {
        segment.login = { user, database, counted: this.#ctx.throttle.admit(this.#ctx.address, user) };
        if (op.name === 'REQUEST_DB_OPEN') this.#loginDatabase = database;
      }
    } else if (verdict.allow && op.answered(request.args)) {
      this.#answeredSent = true;
    }
    if (verdict.allow) {
      if (token) this.#identity = token.identity;
    } else {
      const { log, conn, upstream, address } = this.#ctx;
      log.info('request_refused', { conn, upstream, ip: address, n, op: op.name, code: verdict.code });
      this.#sink.refuse(n, verdict.code, verdict.reason);
    }
    this.#segments.push(segment);
  }

  #facts(token: Uint8Array): TokenFacts | undefined {
    const last = this.#lastToken;
    if (last && last.length === token.length && last.equals(token)) return this.#lastFacts;
    this.#lastToken = Buffer.from(token);
    this.#lastFacts = tokenFacts(token);
    return this.#lastFacts;
  }

  /**
   * A login must be the first answered request on its WebSocket, so that the next byte after the
   * greeting is its status; a client logs in again on a new WebSocket. Then the throttle decides.
   */
  #admitLogin(user: string, database: string): Verdict {
    const { log, conn, upstream, address, throttle, resumed } = this.#ctx;
    if (this.#loginSeen || this.#answeredSent || resumed) {
      return {
        allow: false,
        code: 'login_order',
        reason: 'a login must be the first request on its WebSocket; open a new connection to log in again',
      };
    }
    const blocked = throttle.blocked(address, user);
    if (blocked) {
      log.warn('login_refused', { conn, upstream, ip: address, user, database, why: `too_many_failures_${blocked}` });
      const { policy } = this.#ctx;
      const limit = blocked === 'address' ? policy.loginFailuresPerAddress : policy.loginFailuresPerUser;
      return {
        allow: false,
        code: 'login_throttled',
        reason: `more than ${limit} failed logins per ${blocked === 'address' ? 'address' : 'user'} in ${policy.loginWindowMs / 1000} s; wait and try again`,
      };
    }
    this.#loginSeen = true;
    return { allow: true };
  }

  /** Forwards or drops the judged requests in order, stopping behind a login that has no answer yet. */
  #flush(): void {
    let run = 0;
    while (this.#segments.length > 0 && !this.#login) {
      const s = this.#segments.shift()!;
      if (!s.forward) {
        if (run > 0) this.#sink.forward(this.#take(run));
        run = 0;
        this.#take(s.length);
        continue;
      }
      run += s.length;
      if (s.login) this.#login = s.login;
    }
    if (run > 0) this.#sink.forward(this.#take(run));
  }

  /** The next `n` queued bytes, as one buffer (a view when they lie in one chunk). */
  #take(n: number): Buffer {
    this.#queued -= n;
    const first = this.#chunks[0]!;
    if (first.length - this.#offset >= n) {
      const out = first.subarray(this.#offset, this.#offset + n);
      this.#offset += n;
      if (this.#offset === first.length) {
        this.#chunks.shift();
        this.#offset = 0;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.#chunks[0]!;
      const k = Math.min(n - filled, chunk.length - this.#offset);
      chunk.copy(out, filled, this.#offset, this.#offset + k);
      filled += k;
      this.#offset += k;
      if (this.#offset === chunk.length) {
        this.#chunks.shift();
        this.#offset = 0;
      }
    }
    return out;
  }

  #fail(kind: 'unreadable' | 'held', reason: string): void {
    this.#failed = true;
    this.#chunks = [];
    this.#segments = [];
    this.#queued = 0;
    this.#ctx.log.warn('request_unreadable', {
      conn: this.#ctx.conn,
      upstream: this.#ctx.upstream,
      ip: this.#ctx.address,
      kind,
      reason,
    });
    this.#sink.fail(kind, reason);
  }
}
