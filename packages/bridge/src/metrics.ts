// Counters and gauges of one bridge, their label sets, a snapshot object and Prometheus text (version 0.0.4).

/** Labels of `orientdb_bridge_closes_total{reason}`: why a WebSocket ended, a small fixed set. */
export type CloseReason =
  | 'client_closed'
  | 'parked'
  | 'park_refused'
  | 'message_too_big'
  | 'text_frame'
  | 'bad_hello'
  | 'unsupported_version'
  | 'unknown_upstream'
  | 'unknown_resume'
  | 'hello_timeout'
  | 'idle_timeout'
  | 'heartbeat_timeout'
  | 'backpressure'
  | 'message_deadline'
  | 'memory_budget'
  | 'upstream_unreachable'
  | 'upstream_closed'
  | 'drain'
  | 'shutdown'
  | 'protocol_error'
  | 'unreadable_request';
const CLOSE_REASONS: readonly CloseReason[] = [
  'client_closed',
  'parked',
  'park_refused',
  'message_too_big',
  'text_frame',
  'bad_hello',
  'unsupported_version',
  'unknown_upstream',
  'unknown_resume',
  'hello_timeout',
  'idle_timeout',
  'heartbeat_timeout',
  'backpressure',
  'message_deadline',
  'memory_budget',
  'upstream_unreachable',
  'upstream_closed',
  'drain',
  'shutdown',
  'protocol_error',
  'unreadable_request',
];
export type RefusalReason =
  | 'draining'
  | 'rate'
  | 'origin'
  | 'token'
  | 'ticket'
  | 'subprotocol'
  | 'per_ip'
  | 'capacity'
  | 'header_timeout'
  | 'pending_per_ip'
  | 'bad_request';
const REFUSAL_REASONS: readonly RefusalReason[] = [
  'draining',
  'rate',
  'origin',
  'token',
  'ticket',
  'subprotocol',
  'per_ip',
  'capacity',
  'header_timeout',
  'pending_per_ip',
  'bad_request',
];
export type UpstreamErrorKind = 'connect' | 'timeout' | 'tls' | 'queue' | 'reset';
const UPSTREAM_ERROR_KINDS: readonly UpstreamErrorKind[] = ['connect', 'timeout', 'tls', 'queue', 'reset'];
export type ParkOutcome = 'parked' | 'resumed' | 'expired' | 'discarded' | 'refused';
const PARK_OUTCOMES: readonly ParkOutcome[] = ['parked', 'resumed', 'expired', 'discarded', 'refused'];

export interface BridgeMetricsSnapshot {
  connectionsOpen: number;
  connectionsParked: number;
  connectionsTotal: number;
  bytesClientToUpstream: number;
  bytesUpstreamToClient: number;
  closes: Record<CloseReason, number>;
  upstreamErrors: Record<UpstreamErrorKind, number>;
  refusedUpgrades: Record<RefusalReason, number>;
  parks: Record<ParkOutcome, number>;
  backpressurePauses: { upstreamToClient: number; clientToUpstream: number };
  /** Bytes held for all connections: unfinished incoming messages and messages waiting either way. */
  bufferedBytes: number;
  draining: boolean;
}

const zeros = <K extends string>(keys: readonly K[]): Record<K, number> =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

export class Metrics {
  connectionsOpen = 0;
  connectionsParked = 0;
  connectionsTotal = 0;
  bytesClientToUpstream = 0;
  bytesUpstreamToClient = 0;
  readonly closes = zeros(CLOSE_REASONS);
  readonly upstreamErrors = zeros(UPSTREAM_ERROR_KINDS);
  readonly refusedUpgrades = zeros(REFUSAL_REASONS);
  readonly parks = zeros(PARK_OUTCOMES);
  readonly backpressurePauses = { upstreamToClient: 0, clientToUpstream: 0 };
  bufferedBytes = 0;
  draining = false;

  snapshot(): BridgeMetricsSnapshot {
    return {
      connectionsOpen: this.connectionsOpen,
      connectionsParked: this.connectionsParked,
      connectionsTotal: this.connectionsTotal,
      bytesClientToUpstream: this.bytesClientToUpstream,
      bytesUpstreamToClient: this.bytesUpstreamToClient,
      closes: { ...this.closes },
      upstreamErrors: { ...this.upstreamErrors },
      refusedUpgrades: { ...this.refusedUpgrades },
      parks: { ...this.parks },
      backpressurePauses: { ...this.backpressurePauses },
      bufferedBytes: this.bufferedBytes,
      draining: this.draining,
    };
  }
}

const P = 'orientdb_bridge_';

function family(
  out: string[],
  name: string,
  type: 'counter' | 'gauge',
  help: string,
  samples: Array<[string, number]>,
): void {
  out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
  for (const [labels, value] of samples) out.push(`${name}${labels} ${value}`);
}

const labelled = (label: string, values: Record<string, number>): Array<[string, number]> =>
  Object.entries(values).map(([k, v]) => [`{${label}="${k}"}`, v]);

export function prometheusText(s: BridgeMetricsSnapshot, rssBytes: number, version: string): string {
  const out: string[] = [];
  family(
    out,
    `${P}connections_open`,
    'gauge',
    'WebSockets currently relayed to an upstream or waiting for their hello.',
    [['', s.connectionsOpen]],
  );
  family(out, `${P}connections_parked`, 'gauge', 'Upstream connections parked for a resume.', [
    ['', s.connectionsParked],
  ]);
  family(out, `${P}connections_total`, 'counter', 'WebSockets accepted (upgraded).', [['', s.connectionsTotal]]);
  family(out, `${P}bytes_total`, 'counter', 'Protocol bytes relayed, by direction.', [
    ['{direction="client_to_upstream"}', s.bytesClientToUpstream],
    ['{direction="upstream_to_client"}', s.bytesUpstreamToClient],
  ]);
  family(out, `${P}closes_total`, 'counter', 'WebSocket closes, by reason.', labelled('reason', s.closes));
  family(
    out,
    `${P}upstream_errors_total`,
    'counter',
    'Upstream connection failures, by kind.',
    labelled('kind', s.upstreamErrors),
  );
  family(
    out,
    `${P}upgrades_refused_total`,
    'counter',
    'Upgrades refused before the handshake, by reason.',
    labelled('reason', s.refusedUpgrades),
  );
  family(out, `${P}parks_total`, 'counter', 'Parking events, by outcome.', labelled('outcome', s.parks));
  family(out, `${P}backpressure_pauses_total`, 'counter', 'Times one side was paused for the other, by direction.', [
    ['{direction="upstream_to_client"}', s.backpressurePauses.upstreamToClient],
    ['{direction="client_to_upstream"}', s.backpressurePauses.clientToUpstream],
  ]);
  family(
    out,
    `${P}buffered_bytes`,
    'gauge',
    'Bytes held for all connections: unfinished incoming messages and messages waiting either way.',
    [['', s.bufferedBytes]],
  );
  family(out, `${P}draining`, 'gauge', '1 while the bridge drains.', [['', s.draining ? 1 : 0]]);
  family(out, `${P}build_info`, 'gauge', 'Bridge version.', [[`{version="${version}"}`, 1]]);
  family(out, 'process_resident_memory_bytes', 'gauge', 'Resident memory size in bytes.', [['', rssBytes]]);
  return `${out.join('\n')}\n`;
}
