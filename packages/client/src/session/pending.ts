// A request in flight, and how its OK body is read: straight through, or walked with `skip` first
// (resumably, across retries) so that a large frame is decoded once, when it is complete.
import { ProtocolError } from '../errors.js';
import { Incomplete, Reader } from '../codec/reader.js';
import type { Request } from './request.js';

export interface Pending {
  req: Request<unknown>;
  resolve(value: unknown): void;
  reject(error: Error): void;
  /** What the caller awaits: settled with the answer (or its failure). */
  answer: Promise<unknown>;
  state: 'queued' | 'sent' | 'settled';
  /** The session id written in the request (echoed by the server). */
  sentSessionId: number;
  /** Timed out or aborted after sending: its response is consumed and dropped. */
  abandoned: boolean;
  /** Body length found by `skip`, or -1. */
  bodyLength: number;
  /** performance.now() after which it times out; 0 for never. */
  deadline: number;
  timeoutMs: number;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
  /** Its number among the requests written on the connection (see TransportHandlers.refused). */
  ordinal?: number;
  /** Set when the bridge refused it: it fails with this once it reaches the head of the queue. */
  refusal?: Error;
}

/** Stops listening for the request's abort signal (its deadline needs no clearing). */
export function cleanup(p: Pending): void {
  if (p.onAbort) p.signal!.removeEventListener('abort', p.onAbort);
}

/** Reads the OK body at r.pos (after the header) for `head`; throws Incomplete until it is all there. */
export function readBody(head: Pending, r: Reader): unknown {
  const req = head.req;
  if (!req.skip) {
    const value = req.read(r);
    return head.abandoned ? undefined : value;
  }
  const bodyStart = r.pos;
  if (head.bodyLength < 0) {
    req.skip(r);
    head.bodyLength = r.pos - bodyStart;
  }
  const bodyEnd = bodyStart + head.bodyLength;
  if (bodyEnd > r.end) throw new Incomplete(bodyEnd);
  r.pos = bodyEnd;
  if (head.abandoned) return undefined;
  const body = new Reader(r.bytes, bodyStart, bodyEnd);
  body.maxFieldSize = r.maxFieldSize;
  body.dateZone = r.dateZone;
  let value: unknown;
  try {
    value = req.read(body);
  } catch (error) {
    if (error instanceof Incomplete) throw new ProtocolError(`the body of ${req.name} is longer than its skip found`);
    throw error;
  }
  if (body.pos !== bodyEnd) throw new ProtocolError(`the body of ${req.name} is shorter than its skip found`);
  return value;
}
