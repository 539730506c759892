// The WebSocket close codes the bridge sends (docs/protocol.md) and the metric reason for each.
export const CLOSE = {
  GOING_AWAY: 1001,
  UNSUPPORTED_DATA: 1003,
  MESSAGE_TOO_BIG: 1009,
  PARK: 4000,
  BAD_HELLO: 4400,
  UNKNOWN_TARGET: 4404,
  TIMEOUT: 4408,
  UNSUPPORTED_VERSION: 4426,
  BACKPRESSURE: 4429,
  UPSTREAM_UNREACHABLE: 4502,
  UPSTREAM_CLOSED: 4503,
} as const;

/** Labels of `orientdb_bridge_closes_total{reason}`; a small fixed set. */
export type CloseReason =
  | 'client_closed' | 'parked' | 'park_refused' | 'message_too_big' | 'text_frame' | 'bad_hello'
  | 'unsupported_version' | 'unknown_upstream' | 'unknown_resume' | 'hello_timeout' | 'idle_timeout'
  | 'heartbeat_timeout' | 'backpressure' | 'upstream_unreachable' | 'upstream_closed' | 'drain' | 'shutdown'
  | 'protocol_error';

export const CLOSE_REASONS: readonly CloseReason[] = [
  'client_closed', 'parked', 'park_refused', 'message_too_big', 'text_frame', 'bad_hello',
  'unsupported_version', 'unknown_upstream', 'unknown_resume', 'hello_timeout', 'idle_timeout',
  'heartbeat_timeout', 'backpressure', 'upstream_unreachable', 'upstream_closed', 'drain', 'shutdown',
  'protocol_error',
];
