// One stored session: what a later page load needs to reattach without the password, its storage
// key, and its JSON form. Never holds a password.

const FORMAT = 1;

export interface StoredSession {
  /** Bridge URL (ws://host:port/path) or TCP host:port: the transport's endpoint. */
  endpoint: string;
  /** Database name; '' for a server-level (CONNECT) session. */
  database: string;
  user: string;
  sessionId: number;
  /** The session token, Base64URL. */
  token: string;
  /** The protocol version the server greeted with. */
  protocolVersion: number;
  /** The token's expiry (ms since the epoch), read from the token; 0 when unreadable. */
  expiresAt: number;
  /** The token lifetime the server grants (expiry minus issue time), when known; drives keep-alive. */
  lifetimeMs?: number;
  /** The bridge's resume id of the connection that holds the session, when it went through a bridge. */
  resumeId?: string;
  /** The database's time zone (DB_RELOAD's timeZone), once learned: a reattach reads DATEs in it without asking again. */
  timeZone?: string;
  /** When this entry was written (ms since the epoch). */
  storedAt: number;
}

export function sessionKey(prefix: string, endpoint: string, database: string, user: string): string {
  return `${prefix}s|${encodeURIComponent(endpoint)}|${encodeURIComponent(database)}|${encodeURIComponent(user)}`;
}

export function indexKey(prefix: string, endpoint: string): string {
  return `${prefix}i|${encodeURIComponent(endpoint)}`;
}

export function serializeSession(s: StoredSession): string {
  const out: Record<string, unknown> = {
    v: FORMAT,
    endpoint: s.endpoint,
    database: s.database,
    user: s.user,
    sessionId: s.sessionId,
    token: s.token,
    protocolVersion: s.protocolVersion,
    expiresAt: s.expiresAt,
    storedAt: s.storedAt,
  };
  if (s.lifetimeMs !== undefined) out.lifetimeMs = s.lifetimeMs;
  if (s.resumeId !== undefined) out.resumeId = s.resumeId;
  if (s.timeZone !== undefined) out.timeZone = s.timeZone;
  return JSON.stringify(out);
}

/** Parses a stored entry; null for anything malformed or of another format (it is then ignored). */
export function parseSession(text: string | null | undefined): StoredSession | null {
  if (!text) return null;
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof o !== 'object' || o === null) return null;
  const r = o as Record<string, unknown>;
  const str = (k: string) => typeof r[k] === 'string';
  const int = (k: string) => Number.isSafeInteger(r[k]);
  if (
    r.v !== FORMAT ||
    !str('endpoint') ||
    !str('database') ||
    !str('user') ||
    !str('token') ||
    (r.token as string).length === 0 ||
    !int('sessionId') ||
    !int('protocolVersion') ||
    !int('expiresAt') ||
    !int('storedAt')
  )
    return null;
  if (r.lifetimeMs !== undefined && !int('lifetimeMs')) return null;
  if (r.resumeId !== undefined && !str('resumeId')) return null;
  if (r.timeZone !== undefined && !str('timeZone')) return null;
  const s: StoredSession = {
    endpoint: r.endpoint as string,
    database: r.database as string,
    user: r.user as string,
    sessionId: r.sessionId as number,
    token: r.token as string,
    protocolVersion: r.protocolVersion as number,
    expiresAt: r.expiresAt as number,
    storedAt: r.storedAt as number,
  };
  if (r.lifetimeMs !== undefined) s.lifetimeMs = r.lifetimeMs as number;
  if (r.resumeId !== undefined) s.resumeId = r.resumeId as string;
  if (r.timeZone !== undefined) s.timeZone = r.timeZone as string;
  return s;
}

/**
 * Which of two entries for one key should win. A later expiry wins (a renewal), so two tabs that
 * renew at once converge instead of overwriting each other; on equal expiry the later write wins.
 */
export function newerSession(a: StoredSession | null, b: StoredSession | null): StoredSession | null {
  if (!a) return b;
  if (!b) return a;
  if (a.expiresAt !== b.expiresAt) return a.expiresAt > b.expiresAt ? a : b;
  return b.storedAt >= a.storedAt ? b : a;
}
