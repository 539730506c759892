// The WebSocket close codes of the bridge protocol (packages/bridge/docs/protocol.md), one table for both
// ends: the bridge sends them and counts them, the client sends 1000 and 4000 and turns the rest into errors.
export const BRIDGE_CLOSE = {
  /** Sent by the client: done, the bridge closes the upstream. */
  NORMAL: 1000,
  GOING_AWAY: 1001,
  /** Sent by the client when the bridge breaks this protocol once relaying (a text message, a bad early welcome). */
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  /** Never sent: what an end sees when the socket dropped without a close frame. */
  ABNORMAL: 1006,
  MESSAGE_TOO_BIG: 1009,
  /** Sent by the client: keep the upstream for a resume. */
  PARK: 4000,
  BAD_HELLO: 4400,
  UNKNOWN_TARGET: 4404,
  TIMEOUT: 4408,
  /** The bridge's buffers for all connections are full and this connection held the most. */
  MEMORY_BUDGET: 4413,
  /** A request the bridge's policy cannot read (unknown opcode, malformed, beyond its size limit): nothing more is relayed. */
  UNREADABLE_REQUEST: 4422,
  UNSUPPORTED_VERSION: 4426,
  BACKPRESSURE: 4429,
  UPSTREAM_UNREACHABLE: 4502,
  UPSTREAM_CLOSED: 4503,
} as const;

export type BridgeCloseCode = (typeof BRIDGE_CLOSE)[keyof typeof BRIDGE_CLOSE];
