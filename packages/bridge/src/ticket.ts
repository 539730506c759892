// Short-lived signed tickets: the application's server mints one per page load or reconnect
// (mintTicket, a secret shared with the bridge), the page presents it as `?ticket=` on the upgrade,
// and the bridge checks it before upgrading (verifyTicket). Nothing static sits in the page.
//
// Format, version 1, base64url without padding over these bytes:
//   version (1 byte, 1) | expiry (6 bytes, ms since the epoch, big-endian) | nonce (8 random bytes)
//   | user length (2 bytes) | user (UTF-8) | origin length (2 bytes) | origin (UTF-8)
//   | HMAC-SHA256(secret, every byte before it) (32 bytes)
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

const VERSION = 1;
const MAC_BYTES = 32;
const HEAD_BYTES = 1 + 6 + 8;
/** A ticket is a bearer credential for a minute or two: longer ones are refused, whoever signed them. */
const TICKET_MAX_TTL_MS = 5 * 60_000;
/** Clocks of the minting server and the bridge may differ this much. */
const TICKET_SKEW_MS = 5_000;
const MAX_TEXT_BYTES = 1024;
const MAX_TICKET_CHARS = 4 * Math.ceil((HEAD_BYTES + 4 + 2 * MAX_TEXT_BYTES + MAC_BYTES) / 3);

export interface MintTicketOptions {
  /** The secret the bridge has as ticketSecret (at least 32 characters). */
  secret: string;
  /** Who the page belongs to, as the application knows them (logged by the bridge; not an OrientDB login). */
  user: string;
  /** The page's origin exactly as the browser sends it, e.g. https://app.example.com. */
  origin: string;
  /** Lifetime; default 60 000 ms, at most 5 minutes. */
  ttlMs?: number;
  /** Clock, for tests. */
  now?: number;
}

function mac(secret: string, bytes: Uint8Array): Buffer {
  return createHmac('sha256', secret).update(bytes).digest();
}

function text(value: string, what: string): Buffer {
  const bytes = Buffer.from(value, 'utf8');
  if (bytes.length === 0 || bytes.length > MAX_TEXT_BYTES)
    throw new RangeError(`mintTicket: ${what} must be 1 to ${MAX_TEXT_BYTES} bytes of UTF-8`);
  return bytes;
}

/** Mints a ticket for one upgrade; call it on the application's server, never in the page. */
export function mintTicket(o: MintTicketOptions): string {
  if (typeof o.secret !== 'string' || o.secret.length < 32)
    throw new RangeError('mintTicket: secret must be the bridge ticketSecret (at least 32 characters)');
  const ttl = o.ttlMs ?? 60_000;
  if (!Number.isInteger(ttl) || ttl <= 0 || ttl > TICKET_MAX_TTL_MS)
    throw new RangeError(`mintTicket: ttlMs must be an integer in 1..${TICKET_MAX_TTL_MS}`);
  const user = text(o.user, 'user');
  const origin = text(o.origin, 'origin');
  const body = Buffer.alloc(HEAD_BYTES + 2 + user.length + 2 + origin.length);
  body[0] = VERSION;
  body.writeUIntBE((o.now ?? Date.now()) + ttl, 1, 6);
  randomBytes(8).copy(body, 7);
  let at = HEAD_BYTES;
  for (const part of [user, origin]) {
    body.writeUInt16BE(part.length, at);
    part.copy(body, at + 2);
    at += 2 + part.length;
  }
  return Buffer.concat([body, mac(o.secret, body)]).toString('base64url');
}

export type TicketCheck =
  | { ok: true; user: string; expiresAt: number }
  | { ok: false; why: 'malformed' | 'version' | 'signature' | 'expired' | 'too_long_lived' | 'origin' };

/**
 * Checks a presented ticket: its signature (constant-time), its expiry (with TICKET_SKEW_MS of slack)
 * and that it was minted for `origin`, the Origin header of the upgrade (a missing header never matches).
 */
export function verifyTicket(
  ticket: string,
  secret: string,
  origin: string | undefined,
  now = Date.now(),
): TicketCheck {
  if (ticket.length > MAX_TICKET_CHARS || !/^[A-Za-z0-9_-]+$/.test(ticket)) return { ok: false, why: 'malformed' };
  const bytes = Buffer.from(ticket, 'base64url');
  if (bytes.length < HEAD_BYTES + 4 + MAC_BYTES) return { ok: false, why: 'malformed' };
  if (bytes[0] !== VERSION) return { ok: false, why: 'version' };
  const body = bytes.subarray(0, bytes.length - MAC_BYTES);
  if (!timingSafeEqual(mac(secret, body), bytes.subarray(body.length))) return { ok: false, why: 'signature' };
  // Signed by the holder of the secret from here on; lengths are still checked, never trusted.
  const userLength = body.readUInt16BE(HEAD_BYTES);
  const originAt = HEAD_BYTES + 2 + userLength;
  if (originAt + 2 > body.length || originAt + 2 + body.readUInt16BE(originAt) !== body.length)
    return { ok: false, why: 'malformed' };
  const expiresAt = body.readUIntBE(1, 6);
  if (now > expiresAt + TICKET_SKEW_MS) return { ok: false, why: 'expired' };
  if (expiresAt > now + TICKET_MAX_TTL_MS + TICKET_SKEW_MS) return { ok: false, why: 'too_long_lived' };
  if (origin === undefined || body.toString('utf8', originAt + 2) !== origin) return { ok: false, why: 'origin' };
  return { ok: true, user: body.toString('utf8', HEAD_BYTES + 2, originAt), expiresAt };
}
