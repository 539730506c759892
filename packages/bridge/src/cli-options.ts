// The CLI's flags and environment variables, one table for both and for --help; turns argv + env
// into BridgeOptions. Precedence: flag, then environment, then the library default.
import { readFileSync } from 'node:fs';
import { DEFAULTS, OptionsError, type BridgeOptions } from './options.js';

type Kind = 'string' | 'int' | 'bool' | 'list' | 'file' | 'secret';

interface Flag {
  flag: string;
  key: string;
  kind: Kind;
  help: string;
  def?: string | number | boolean;
}

const ENV_PREFIX = 'ORIENTDB_EDGE_BRIDGE_';

/** An operator's bridge serves its metrics on loopback unless told otherwise (the library opens none). */
const CLI_METRICS_LISTEN = '127.0.0.1:9464';

const FLAGS: Flag[] = [
  { flag: 'listen', key: 'listen', kind: 'string', help: 'address to listen on, host:port', def: DEFAULTS.listen },
  {
    flag: 'metrics-listen',
    key: 'metricsListen',
    kind: 'string',
    help: 'serve /livez, /readyz and /metrics on this separate host:port (keep it private); off = no such listener',
    def: CLI_METRICS_LISTEN,
  },
  {
    flag: 'metrics-on-public-port',
    key: 'metricsOnPublicPort',
    kind: 'bool',
    help: 'also answer /metrics on the WebSocket port',
    def: false,
  },
  {
    flag: 'upstream',
    key: 'upstreams',
    kind: 'list',
    help: 'OrientDB binary listener, host:port or name=host:port; several nodes tried in order: name=h1:2424,h2:2424; tls://host:2434 for its TLS listener; repeatable, the first is the default; in the environment, separate upstreams with ; when one lists several nodes',
  },
  {
    flag: 'upstream-ca',
    key: 'upstreamCa',
    kind: 'file',
    help: "PEM file of the CA that signed the tls:// upstreams' certificates (default: Node's bundled CAs)",
  },
  {
    flag: 'upstream-servername',
    key: 'upstreamServername',
    kind: 'string',
    help: "name sent to tls:// upstreams (SNI) and checked against their certificates (default: the node's host)",
  },
  {
    flag: 'upstream-reject-unauthorized',
    key: 'upstreamRejectUnauthorized',
    kind: 'bool',
    help: 'refuse a tls:// upstream whose certificate does not verify (--no-upstream-reject-unauthorized for tests only)',
    def: true,
  },
  {
    flag: 'upstream-connect-concurrency',
    key: 'upstreamConnectConcurrency',
    kind: 'int',
    help: 'upstream connects in flight per OrientDB node until its greeting; more wait in a queue',
    def: DEFAULTS.upstreamConnectConcurrency,
  },
  {
    flag: 'upstream-queue-timeout-ms',
    key: 'upstreamQueueTimeoutMs',
    kind: 'int',
    help: 'how long a connect may wait in that queue before the WebSocket is closed (4502)',
    def: DEFAULTS.upstreamQueueTimeoutMs,
  },
  {
    flag: 'instance-id',
    key: 'instanceId',
    kind: 'string',
    help: "this bridge's id in its welcome, presented by clients as ?bridge_instance= for load-balancer affinity (default: random per process)",
  },
  {
    flag: 'allow-origin',
    key: 'allowOrigins',
    kind: 'list',
    help: 'allowed Origin, exact match (https://app.example.com); repeatable',
  },
  {
    flag: 'allow-missing-origin',
    key: 'allowMissingOrigin',
    kind: 'bool',
    help: 'accept upgrades without an Origin header (non-browser clients)',
    def: false,
  },
  {
    flag: 'access-token',
    key: 'accessToken',
    kind: 'secret',
    help: 'require this token (?access_token= or Authorization: Bearer); prefer --access-token-file',
  },
  { flag: 'access-token-file', key: 'accessToken', kind: 'file', help: 'read the access token from this file' },
  {
    flag: 'ticket-secret',
    key: 'ticketSecret',
    kind: 'secret',
    help: 'HMAC secret shared with the application server that mints ?ticket= (mintTicket); prefer --ticket-secret-file',
  },
  { flag: 'ticket-secret-file', key: 'ticketSecret', kind: 'file', help: 'read the ticket secret from this file' },
  {
    flag: 'max-payload',
    key: 'maxPayload',
    kind: 'int',
    help: 'largest WebSocket message in bytes (at most 16 MiB)',
    def: DEFAULTS.maxPayload,
  },
  {
    flag: 'max-connections',
    key: 'maxConnections',
    kind: 'int',
    help: 'open WebSockets in total; more are refused with 503',
    def: DEFAULTS.maxConnections,
  },
  {
    flag: 'max-connections-per-ip',
    key: 'maxConnectionsPerIp',
    kind: 'int',
    help: 'open WebSockets per client IP; more are refused with 429',
    def: DEFAULTS.maxConnectionsPerIp,
  },
  {
    flag: 'upgrade-rate-per-second',
    key: 'upgradeRatePerSecond',
    kind: 'int',
    help: 'upgrades per second per client IP, 0 = unlimited; more are refused with 429',
    def: DEFAULTS.upgradeRatePerSecond,
  },
  {
    flag: 'idle-timeout-ms',
    key: 'idleTimeoutMs',
    kind: 'int',
    help: 'close after this long without bytes either way, 0 = never',
    def: DEFAULTS.idleTimeoutMs,
  },
  {
    flag: 'heartbeat-ms',
    key: 'heartbeatMs',
    kind: 'int',
    help: 'ping interval; a peer missing a pong is terminated, 0 = off',
    def: DEFAULTS.heartbeatMs,
  },
  {
    flag: 'park-grace-ms',
    key: 'parkGraceMs',
    kind: 'int',
    help: 'how long a parked upstream waits for a resume, 0 = no parking',
    def: DEFAULTS.parkGraceMs,
  },
  { flag: 'max-parked', key: 'maxParked', kind: 'int', help: 'parked upstreams at most', def: DEFAULTS.maxParked },
  {
    flag: 'hello-timeout-ms',
    key: 'helloTimeoutMs',
    kind: 'int',
    help: 'time allowed for the client hello',
    def: DEFAULTS.helloTimeoutMs,
  },
  {
    flag: 'upstream-connect-timeout-ms',
    key: 'upstreamConnectTimeoutMs',
    kind: 'int',
    help: 'time allowed for the upstream TCP connect',
    def: DEFAULTS.upstreamConnectTimeoutMs,
  },
  {
    flag: 'high-water-mark',
    key: 'highWaterMark',
    kind: 'int',
    help: 'bytes buffered towards a peer before its producer pauses',
    def: DEFAULTS.highWaterMark,
  },
  {
    flag: 'hard-limit',
    key: 'hardLimit',
    kind: 'int',
    help: 'bytes buffered towards a peer before the connection is closed (4429)',
    def: DEFAULTS.hardLimit,
  },
  {
    flag: 'stall-timeout-ms',
    key: 'stallTimeoutMs',
    kind: 'int',
    help: 'close a connection paused this long without progress (4429)',
    def: DEFAULTS.stallTimeoutMs,
  },
  {
    flag: 'max-buffered-bytes',
    key: 'maxBufferedBytes',
    kind: 'int',
    help: 'bytes all connections may hold in buffers together; above it the largest holders are closed (4413)',
    def: DEFAULTS.maxBufferedBytes,
  },
  {
    flag: 'message-deadline-ms',
    key: 'messageDeadlineMs',
    kind: 'int',
    help: 'an incoming message must arrive whole within this (4408)',
    def: DEFAULTS.messageDeadlineMs,
  },
  {
    flag: 'header-timeout-ms',
    key: 'headerTimeoutMs',
    kind: 'int',
    help: 'a new connection must finish its HTTP request headers within this',
    def: DEFAULTS.headerTimeoutMs,
  },
  {
    flag: 'max-pending-upgrades-per-ip',
    key: 'maxPendingUpgradesPerIp',
    kind: 'int',
    help: 'connections per client IP still sending their request headers; more are closed at once',
    def: DEFAULTS.maxPendingUpgradesPerIp,
  },
  { flag: 'tls-cert', key: 'tlsCert', kind: 'file', help: 'PEM certificate file; with --tls-key serves wss://' },
  { flag: 'tls-key', key: 'tlsKey', kind: 'file', help: 'PEM private key file' },
  {
    flag: 'trusted-proxy',
    key: 'trustedProxies',
    kind: 'list',
    help: 'peer IP whose X-Forwarded-For is believed; repeatable',
  },
  {
    flag: 'drain-timeout-ms',
    key: 'drainTimeoutMs',
    kind: 'int',
    help: 'on SIGTERM, how long busy connections may finish',
    def: DEFAULTS.drainTimeoutMs,
  },
  {
    flag: 'policy',
    key: 'policy',
    kind: 'bool',
    help: 'read and check every request against the policy below; --no-policy relays bytes unread (trusted deployments and benchmarks only: a page can then do anything OrientDB allows)',
    def: DEFAULTS.policy,
  },
  {
    flag: 'allow-server-ops',
    key: 'allowServerOps',
    kind: 'bool',
    help: 'let pages log in as server users (CONNECT) and run server operations (DB_CREATE, DB_DROP, DB_LIST, SERVER_INFO, SHUTDOWN, ...)',
    def: DEFAULTS.allowServerOps,
  },
  {
    flag: 'database',
    key: 'databases',
    kind: 'list',
    help: 'a database pages may open or send tokens of; repeatable; default any',
  },
  {
    flag: 'read-only',
    key: 'readOnly',
    kind: 'bool',
    help: 'let only reads through (QUERY in query mode, RECORD_LOAD, pages, live queries; the README lists them)',
    def: DEFAULTS.readOnly,
  },
  {
    flag: 'login-failures-per-address',
    key: 'loginFailuresPerAddress',
    kind: 'int',
    help: 'failed logins per client address per minute before its logins are refused',
    def: DEFAULTS.loginFailuresPerAddress,
  },
  {
    flag: 'login-failures-per-user',
    key: 'loginFailuresPerUser',
    kind: 'int',
    help: 'failed logins per user name per minute before logins as that user are refused',
    def: DEFAULTS.loginFailuresPerUser,
  },
  { flag: 'log-level', key: 'logLevel', kind: 'string', help: 'debug, info, warn, error or silent', def: 'info' },
];

const envName = (flag: string): string => ENV_PREFIX + flag.toUpperCase().replaceAll('-', '_');

export type CliCommand = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: BridgeOptions };

function parseInt10(text: string, flag: string): number {
  if (!/^\d+$/.test(text.trim()))
    throw new OptionsError(`--${flag}: expected a non-negative integer, got ${JSON.stringify(text)}`);
  return Number(text.trim());
}

function parseBool(text: string, flag: string): boolean {
  const t = text.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on', ''].includes(t)) return true;
  if (['0', 'false', 'no', 'off'].includes(t)) return false;
  throw new OptionsError(`--${flag}: expected true or false, got ${JSON.stringify(text)}`);
}

/** argv without node and script; env is process.env; readFile is injectable for tests. */
export function parseCli(
  argv: string[],
  env: Record<string, string | undefined>,
  readFile: (path: string) => string = (p) => readFileSync(p, 'utf8'),
): CliCommand {
  const byFlag = new Map(FLAGS.map((f) => [f.flag, f]));
  const fromFlags = new Map<Flag, string[]>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--version' || arg === '-v') return { kind: 'version' };
    if (!arg.startsWith('--')) throw new OptionsError(`unexpected argument ${JSON.stringify(arg)}; see --help`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const flag =
      byFlag.get(name) ??
      (name.startsWith('no-') && byFlag.get(name.slice(3))?.kind === 'bool' ? byFlag.get(name.slice(3)) : undefined);
    if (!flag) throw new OptionsError(`unknown flag --${name}; see --help`);
    let value: string;
    if (eq >= 0) value = arg.slice(eq + 1);
    else if (flag.kind === 'bool') value = name.startsWith('no-') ? 'false' : 'true';
    else {
      const next = argv[++i];
      if (next === undefined) throw new OptionsError(`--${name} needs a value`);
      value = next;
    }
    fromFlags.set(flag, [...(fromFlags.get(flag) ?? []), value]);
  }
  const raw: Record<string, unknown> = {};
  for (const f of FLAGS) {
    let values = fromFlags.get(f);
    if (!values) {
      const e = env[envName(f.flag)];
      if (e === undefined || e === '') continue;
      values =
        f.kind === 'list'
          ? e
              .split(f.flag === 'upstream' && e.includes(';') ? ';' : ',')
              .map((s) => s.trim())
              .filter(Boolean)
          : [e];
    }
    if (f.kind !== 'list' && values.length > 1) throw new OptionsError(`--${f.flag} given more than once`);
    const v = values[0]!;
    switch (f.kind) {
      case 'list':
        raw[f.key] = values;
        break;
      case 'int':
        raw[f.key] = parseInt10(v, f.flag);
        break;
      case 'bool':
        raw[f.key] = parseBool(v, f.flag);
        break;
      case 'file':
        try {
          raw[f.key] = f.key === 'accessToken' || f.key === 'ticketSecret' ? readFile(v).trim() : readFile(v);
        } catch {
          throw new OptionsError(`--${f.flag}: cannot read ${v}`);
        }
        break;
      default:
        raw[f.key] = v;
    }
  }
  const { tlsCert, tlsKey, upstreamCa, upstreamServername, upstreamRejectUnauthorized, ...rest } = raw;
  if ((tlsCert === undefined) !== (tlsKey === undefined))
    throw new OptionsError('--tls-cert and --tls-key go together');
  if (!Array.isArray(rest['upstreams']) || rest['upstreams'].length === 0)
    throw new OptionsError(`at least one --upstream (or ${envName('upstream')}) is required`);
  const options = { logLevel: 'info', metricsListen: CLI_METRICS_LISTEN, ...rest } as unknown as BridgeOptions;
  if (tlsCert !== undefined) options.tls = { cert: tlsCert as string, key: tlsKey as string };
  if (upstreamCa !== undefined || upstreamServername !== undefined || upstreamRejectUnauthorized !== undefined) {
    options.upstreamTls = {
      ca: upstreamCa as string | undefined,
      servername: upstreamServername as string | undefined,
      rejectUnauthorized: upstreamRejectUnauthorized as boolean | undefined,
    };
  }
  return { kind: 'run', options };
}

export function helpText(): string {
  const lines = [
    "orientdb-edge-bridge: a WebSocket-to-TCP relay that lets browsers reach OrientDB's binary port.",
    '',
    'Usage: orientdb-edge-bridge --upstream 127.0.0.1:2424 --allow-origin https://app.example.com [options]',
    '',
    'Options (each also read from the environment variable shown; flags win):',
  ];
  for (const f of FLAGS) {
    const value = f.kind === 'bool' ? '' : f.kind === 'int' ? ' <n>' : f.kind === 'file' ? ' <path>' : ' <value>';
    const def = f.def !== undefined ? ` (default ${f.def})` : '';
    lines.push(
      `  --${f.flag}${value}`,
      `      ${f.help}${def}. Env: ${envName(f.flag)}${f.kind === 'list' ? ' (comma-separated)' : ''}`,
    );
  }
  lines.push(
    '  --help, --version',
    '',
    'Endpoints: WebSocket upgrades (subprotocol orientdb-edge.v1), GET /livez, /readyz; /metrics on --metrics-listen.',
    'Exit codes: 0 after a clean drain (SIGTERM/SIGINT), 1 unexpected failure, 2 bad flags or options,',
    '            3 cannot listen (address in use or not permitted).',
  );
  return lines.join('\n');
}
