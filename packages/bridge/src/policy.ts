// The rules of the gateway: which requests one upstream lets a WebSocket send, decided from what the
// request scanner read (operation, session id, token, arguments) before any byte goes upstream. Pure
// functions of the policy and the request; the per-connection state lives in request-gate.ts.
import { decodeTokenPayload, type AnyOperation, type QueryRequest } from '@orientdb-edge/client/protocol';

/** One upstream's policy, resolved (options.ts fills it from the global flags and the upstream's own). */
export interface Policy {
  /** false: a plain byte relay, nothing read or refused (trusted deployments, benchmarks). */
  enabled: boolean;
  /** Server-level CONNECT and the server operations (DB_CREATE, DB_DROP, DB_LIST, SERVER_INFO, SHUTDOWN, ...). */
  allowServerOps: boolean;
  /** The databases a WebSocket may use; undefined: any. */
  databases: ReadonlySet<string> | undefined;
  /** Only the operations of READ_ONLY_OPERATIONS, QUERY in query mode. */
  readOnly: boolean;
  /** Failed logins per client address per window before logins from it are refused. */
  loginFailuresPerAddress: number;
  /** Failed logins per user name per window before logins as that user are refused. */
  loginFailuresPerUser: number;
  loginWindowMs: number;
}

/** Why a request was refused: the `code` of the refusal message (packages/bridge/docs/protocol.md). */
export type RefusalCode =
  | 'server_operation'
  | 'database'
  | 'read_only'
  | 'token'
  | 'no_token'
  | 'login_order'
  | 'login_throttled';

export type Verdict = { allow: true } | { allow: false; code: RefusalCode; reason: string };

const ALLOW: Verdict = { allow: true };
const refuse = (code: RefusalCode, reason: string): Verdict => ({ allow: false, code, reason });

/**
 * The operations read-only mode lets through, by their names in the operation table: the session's own
 * (handshake, DB_OPEN, DB_CLOSE), the client's probe and keep-alive (DB_SIZE, DB_COUNTRECORDS), DB_RELOAD,
 * reads (QUERY only in query mode, whose writes OrientDB refuses; its pages and their close; RECORD_LOAD),
 * and live-query subscriptions.
 */
const READ_ONLY_OPERATIONS: ReadonlySet<string> = new Set([
  'REQUEST_HANDSHAKE',
  'REQUEST_DB_OPEN',
  'REQUEST_DB_CLOSE',
  'REQUEST_DB_SIZE',
  'REQUEST_DB_COUNTRECORDS',
  'REQUEST_DB_RELOAD',
  'REQUEST_QUERY',
  'REQUEST_QUERY_NEXT_PAGE',
  'REQUEST_CLOSE_QUERY',
  'REQUEST_RECORD_LOAD',
  'SUBSCRIBE_PUSH',
  'UNSUBSCRIBE_PUSH',
]);

/**
 * Server-level operations: CONNECT's session and what runs in it (scope 'server'), SHUTDOWN (its own
 * login), and DB_REOPEN, which rebinds any session id to this socket and which the client never sends.
 */
function isServerOperation(op: AnyOperation): boolean {
  return (
    op.scope === 'server' ||
    op.name === 'REQUEST_CONNECT' ||
    op.name === 'REQUEST_SHUTDOWN' ||
    op.name === 'REQUEST_DB_REOPEN'
  );
}

/** DB_OPEN and CONNECT: the requests that carry a password and open a session. */
export function isLogin(op: AnyOperation): boolean {
  return op.name === 'REQUEST_DB_OPEN' || op.name === 'REQUEST_CONNECT';
}

/** What a token says about its session, for the allowlist and for matching a resume with its park. */
export interface TokenFacts {
  database: string | null;
  serverUser: boolean;
  /** database + user, comparable between tokens of one session (renewals keep it). */
  identity: string;
  expiresAt: number;
}

/** The facts of a token's payload (its signature is the server's to check), or undefined when unreadable. */
export function tokenFacts(token: Uint8Array): TokenFacts | undefined {
  try {
    const p = decodeTokenPayload(token);
    const user = p.serverUser
      ? `server:${p.userName ?? ''}`
      : p.userRid
        ? `#${p.userRid.cluster}:${p.userRid.position}`
        : '';
    return {
      database: p.database,
      serverUser: p.serverUser,
      identity: `${p.database ?? ''}\u0000${user}`,
      expiresAt: p.expiresAt,
    };
  } catch {
    return undefined;
  }
}

/** What the policy reads of one request. */
export interface RequestFacts {
  operation: AnyOperation;
  sessionId: number | null;
  /** null: no token; undefined: a token that is not a readable OrientDB token. */
  token: TokenFacts | null | undefined;
  args: unknown;
  /** The WebSocket took over a parked connection: its socket already holds someone's session. */
  resumed: boolean;
}

const listed = (databases: ReadonlySet<string>): string => [...databases].join(', ');

/** The policy's verdict on one request (logins also pass request-gate's order rule and the throttle). */
export function judge(policy: Policy, r: RequestFacts): Verdict {
  const op = r.operation;
  if (op.scope === 'none') return ALLOW;
  if (r.resumed && r.token === null && !(isLogin(op) && r.sessionId === -1)) {
    return refuse('no_token', `${op.name} without the session's token on a resumed connection`);
  }
  if (policy.readOnly && !readOnlyAllows(op, r.args)) {
    return refuse('read_only', `${describe(op, r.args)} in read-only mode`);
  }
  if (isServerOperation(op) && !policy.allowServerOps) {
    return refuse('server_operation', `${op.name} is a server operation; this upstream allows database sessions only`);
  }
  if (op.name === 'REQUEST_DB_OPEN') {
    const database = (r.args as { database: string }).database;
    if (policy.databases && !policy.databases.has(database)) {
      return refuse(
        'database',
        `database ${JSON.stringify(database)} is not allowed (allowed: ${listed(policy.databases)})`,
      );
    }
    return ALLOW;
  }
  return judgeToken(policy, op, r.token);
}

function judgeToken(policy: Policy, op: AnyOperation, token: TokenFacts | null | undefined): Verdict {
  if (token === null) return ALLOW;
  if (token === undefined) {
    if (policy.databases || !policy.allowServerOps)
      return refuse('token', `${op.name} carries a token that is not a readable OrientDB token`);
    return ALLOW;
  }
  if (token.database === null) {
    if (!policy.allowServerOps)
      return refuse(
        'server_operation',
        `${op.name} with a server-user token; this upstream allows database sessions only`,
      );
    return ALLOW;
  }
  if (policy.databases && !policy.databases.has(token.database)) {
    return refuse(
      'database',
      `${op.name} with a token for database ${JSON.stringify(token.database)}, not allowed (allowed: ${listed(policy.databases)})`,
    );
  }
  return ALLOW;
}

function readOnlyAllows(op: AnyOperation, args: unknown): boolean {
  if (!READ_ONLY_OPERATIONS.has(op.name)) return false;
  return op.name !== 'REQUEST_QUERY' || (args as QueryRequest).mode === 'query';
}

function describe(op: AnyOperation, args: unknown): string {
  if (op.name === 'REQUEST_QUERY') return `REQUEST_QUERY in ${(args as QueryRequest).mode} mode`;
  return op.name;
}
