// The bridge's refusal of one request (packages/bridge/docs/protocol.md): a TEXT WebSocket message
// {"refused": n, "code": "...", "reason": "..."} where n is the request's ordinal on that WebSocket
// (every request after the hello, from 1, the handshake included). Both ends use this one definition.
import { ProtocolError } from '../errors.js';

export interface BridgeRefusal {
  /** The refused request's ordinal on its WebSocket, from 1. */
  refused: number;
  /** A stable word for the rule that refused it, e.g. 'server_operation', 'database', 'read_only'. */
  code: string;
  /** For people: what was refused and why. */
  reason: string;
}

const MAX_REFUSAL_TEXT = 4096;
const CODE = /^[a-z][a-z0-9_]{0,63}$/;

export function encodeBridgeRefusal(r: BridgeRefusal): string {
  return JSON.stringify({ refused: r.refused, code: r.code, reason: r.reason });
}

/** Reads a refusal strictly: exactly the three fields, n a positive integer, code a lower-case word. */
export function decodeBridgeRefusal(text: string): BridgeRefusal {
  const bad = (why: string, cause?: unknown) =>
    new ProtocolError(`the bridge sent a text message that is not a request refusal: ${why}`, { cause });
  if (text.length > MAX_REFUSAL_TEXT) throw bad(`${text.length} characters`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (cause) {
    throw bad('not JSON', cause);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw bad('not a JSON object');
  const fields = value as Record<string, unknown>;
  const keys = Object.keys(fields);
  if (keys.length !== 3 || !keys.every((k) => k === 'refused' || k === 'code' || k === 'reason'))
    throw bad(`fields ${keys.join(', ')}`);
  const { refused, code, reason } = fields;
  if (typeof refused !== 'number' || !Number.isSafeInteger(refused) || refused < 1) throw bad('refused is not n >= 1');
  if (typeof code !== 'string' || !CODE.test(code)) throw bad('code is not a lower-case word');
  if (typeof reason !== 'string') throw bad('reason is not a string');
  return { refused, code, reason };
}
