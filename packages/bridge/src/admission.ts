// The checks made on an HTTP upgrade before any WebSocket exists: rate, Origin, access token or
// ticket, subprotocol and connection caps. A refusal is a plain HTTP status, never a WebSocket close.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { STATUS_CODES } from 'node:http';
import { createHash, timingSafeEqual } from 'node:crypto';
import { BRIDGE_SUBPROTOCOL as SUBPROTOCOL } from '@orientdb-edge/client/protocol';
import type { RefusalReason } from './metrics.js';
import type { ResolvedOptions } from './options.js';
import type { PerIpCounter, RateLimiter } from './limits.js';
import { verifyTicket } from './ticket.js';

export type Admission =
  | { ok: true; ip: string /** The ticket's user, when a ticket admitted it. */; user?: string }
  | { ok: false; ip: string; status: number; reason: RefusalReason; message: string };

export interface AdmissionState {
  draining: boolean;
  open: number;
  perIp: PerIpCounter;
  rate: RateLimiter;
}

/** The client address: the socket peer, or the right-most X-Forwarded-For entry when the peer is a trusted proxy. */
function clientIp(req: IncomingMessage, trusted: Set<string>): string {
  const peer = req.socket.remoteAddress ?? 'unknown';
  if (trusted.size === 0 || !trusted.has(peer)) return peer;
  const xff = req.headers['x-forwarded-for'];
  const list = (Array.isArray(xff) ? xff.join(',') : (xff ?? ''))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return list.at(-1) ?? peer;
}

function presentedToken(req: IncomingMessage): string | undefined {
  const auth = req.headers.authorization;
  if (auth && /^Bearer /i.test(auth)) return auth.slice(7).trim();
  const q = (req.url ?? '').indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams((req.url ?? '').slice(q + 1)).get('access_token') ?? undefined;
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/** `?ticket=` of the upgrade URL (browsers cannot set headers on a WebSocket). */
function presentedTicket(req: IncomingMessage): string | undefined {
  const q = (req.url ?? '').indexOf('?');
  if (q < 0) return undefined;
  return new URLSearchParams((req.url ?? '').slice(q + 1)).get('ticket') ?? undefined;
}

type Credential = { ok: true; user?: string } | { ok: false; reason: 'token' | 'ticket'; message: string };

/**
 * With an access token and a ticket secret both configured, either one admits: services keep the
 * static token while pages move to tickets. With neither, nothing is asked.
 */
function checkCredential(req: IncomingMessage, o: ResolvedOptions): Credential {
  if (o.accessToken !== undefined && tokenMatches(presentedToken(req), o.accessToken)) return { ok: true };
  if (o.ticketSecret === undefined) {
    return o.accessToken === undefined
      ? { ok: true }
      : { ok: false, reason: 'token', message: 'access token missing or wrong' };
  }
  const ticket = presentedTicket(req);
  if (ticket === undefined) return { ok: false, reason: 'ticket', message: 'ticket missing' };
  const check = verifyTicket(ticket, o.ticketSecret, req.headers.origin);
  return check.ok
    ? { ok: true, user: check.user }
    : { ok: false, reason: 'ticket', message: `ticket refused (${check.why})` };
}

function tokenMatches(presented: string | undefined, expected: string): boolean {
  return presented !== undefined && timingSafeEqual(digest(presented), digest(expected));
}

function offersSubprotocol(req: IncomingMessage): boolean {
  const header = req.headers['sec-websocket-protocol'];
  if (!header) return false;
  return header.split(',').some((p) => p.trim() === SUBPROTOCOL);
}

export function admit(req: IncomingMessage, o: ResolvedOptions, s: AdmissionState): Admission {
  const ip = clientIp(req, o.trustedProxies);
  const refuse = (status: number, reason: RefusalReason, message: string): Admission => ({
    ok: false,
    ip,
    status,
    reason,
    message,
  });
  if (s.draining) return refuse(503, 'draining', 'bridge is shutting down');
  if (!s.rate.take(ip)) return refuse(429, 'rate', 'too many upgrades; slow down');
  const origin = req.headers.origin;
  if (origin === undefined ? !o.allowMissingOrigin : !o.allowOrigins.has(origin))
    return refuse(403, 'origin', 'origin not allowed');
  const credential = checkCredential(req, o);
  if (!credential.ok) return refuse(401, credential.reason, credential.message);
  if (!offersSubprotocol(req)) return refuse(400, 'subprotocol', `subprotocol ${SUBPROTOCOL} required`);
  if (s.perIp.get(ip) >= o.maxConnectionsPerIp) return refuse(429, 'per_ip', 'too many connections from this address');
  if (s.open >= o.maxConnections) return refuse(503, 'capacity', 'bridge at capacity');
  return credential.user === undefined ? { ok: true, ip } : { ok: true, ip, user: credential.user };
}

export function refuseUpgrade(socket: Duplex, status: number, message: string): void {
  const body = `${message}\n`;
  const retry = status === 429 || status === 503 ? 'Retry-After: 1\r\n' : '';
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n${retry}\r\n${body}`,
  );
  socket.once('finish', () => socket.destroy());
}
