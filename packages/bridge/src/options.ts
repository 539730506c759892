// The bridge's options: the public shape, parsing of address strings, defaults and validation.
import { randomBytes } from 'node:crypto';
import type { LogLevel, LogRecord } from './logger.js';
import type { Policy } from './policy.js';

/** One OrientDB node of an upstream; `tls` connects with TLS (OrientDB's ssl listener, port 2434 by default). */
export interface UpstreamNodeSpec {
  host: string;
  port: number;
  tls?: boolean;
}

/**
 * 'host:port', 'name=host:port', 'name=tls://host:port', or several nodes tried in order for one name:
 * 'name=h1:2424,h2:2424'. As an object: one node ({ name?, host, port, tls? }) or { name?, nodes }.
 */
export type UpstreamSpec =
  | string
  | ({ name?: string } & UpstreamNodeSpec)
  | { name?: string; nodes: UpstreamNodeSpec[] };

/** How the bridge checks an OrientDB TLS listener's certificate (node:tls options of the same names). */
export interface UpstreamTlsOptions {
  /** PEM certificate(s) of the CA that signed OrientDB's certificate; default: Node's bundled CAs. */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  /** Name to send (SNI) and to check the certificate against; default: the node's host. */
  servername?: string;
  /** Refuse a certificate that does not verify; default true (false only for a test setup). */
  rejectUnauthorized?: boolean;
}

export interface BridgeOptions extends UpstreamPolicyOptions {
  /** 'host:port' or { host, port }; default '127.0.0.1:8080'; port 0 picks a free port. */
  listen?: string | { host: string; port: number };
  /**
   * Serve /livez, /readyz and /metrics on this separate (private) address; false or 'off': no such
   * listener. startBridge opens none unless given one (the CLI defaults to loopback).
   */
  metricsListen?: string | { host: string; port: number } | false;
  /** Also answer /metrics on the WebSocket port (it is never there otherwise); default false. */
  metricsOnPublicPort?: boolean;
  /** See UpstreamSpec; the first is the default. Configuration only: clients pick a name. */
  upstreams: UpstreamSpec[];
  /** Certificate checks for `tls://` upstream nodes. */
  upstreamTls?: UpstreamTlsOptions;
  /** Exact-match Origin allowlist (scheme://host[:port]). */
  allowOrigins?: string[];
  /** Accept upgrades that carry no Origin header (non-browser clients); default false. */
  allowMissingOrigin?: boolean;
  /** When set, required as `?access_token=` or `Authorization: Bearer` before the upgrade. */
  accessToken?: string;
  /**
   * Secret (at least 32 characters) shared with the application's server, which mints short-lived
   * tickets (mintTicket) that pages present as `?ticket=`. With accessToken too, either one admits.
   */
  ticketSecret?: string;
  /** Largest WebSocket message, bytes; default and maximum 16 MiB (OrientDB's network.binary.maxLength). */
  maxPayload?: number;
  maxConnections?: number;
  maxConnectionsPerIp?: number;
  /** Upgrades per second per client IP (token bucket, burst of the same size); 0 = unlimited. */
  upgradeRatePerSecond?: number;
  /** Close a connection after this long with no bytes either way; 0 = never. */
  idleTimeoutMs?: number;
  /** Ping interval; a peer that has not answered the previous ping is terminated. 0 = off. */
  heartbeatMs?: number;
  parkGraceMs?: number;
  maxParked?: number;
  helloTimeoutMs?: number;
  upstreamConnectTimeoutMs?: number;
  /** Upstream connects in flight per OrientDB node, counted until its greeting arrives; more wait in a queue. */
  upstreamConnectConcurrency?: number;
  /** How long a connect may wait in that queue before the WebSocket is closed with 4502. */
  upstreamQueueTimeoutMs?: number;
  /**
   * This bridge's id in its welcome, which clients present as `?bridge_instance=` on their next upgrade so
   * that a load balancer can route them back (not a secret). Default: random per process.
   */
  instanceId?: string;
  /** Pause the producer while the other side's buffer is above this many bytes. */
  highWaterMark?: number;
  /** Close a connection whose buffer (either way) goes above this many bytes. */
  hardLimit?: number;
  /** Close a connection that stays paused above the high-water mark without progress this long. */
  stallTimeoutMs?: number;
  /**
   * Bytes all connections together may hold in buffers (unfinished incoming messages, messages waiting
   * for the upstream or the client); above it the largest holders are closed with 4413.
   */
  maxBufferedBytes?: number;
  /** An incoming message must arrive whole within this (time paused by backpressure not counted); else 4408. */
  messageDeadlineMs?: number;
  /** A new TCP connection must finish its HTTP request headers within this, else it is closed. */
  headerTimeoutMs?: number;
  /** Connections per client address that have not finished their request headers (trusted proxies exempt). */
  maxPendingUpgradesPerIp?: number;
  tls?: { cert: string | Uint8Array; key: string | Uint8Array };
  /** Peer addresses whose X-Forwarded-For (right-most entry) names the client IP. */
  trustedProxies?: string[];
  logger?: (record: LogRecord) => void;
  logLevel?: LogLevel;
  drainTimeoutMs?: number;
  /** Per upstream name, policy options over the ones above (the options of UpstreamPolicyOptions are every upstream's defaults). */
  upstreamPolicies?: Record<string, UpstreamPolicyOptions>;
}

/**
 * The gateway's policy options (README "Policy"): on BridgeOptions every upstream's defaults, in
 * `upstreamPolicies` one upstream's; absent ones come from the global options.
 */
export interface UpstreamPolicyOptions {
  /** False relays bytes without reading them, for trusted deployments and benchmarks only. */
  policy?: boolean;
  /** Server-level CONNECT and server operations (DB_CREATE, DB_DROP, DB_LIST, SERVER_INFO, SHUTDOWN, ...). */
  allowServerOps?: boolean;
  /** The databases pages may open or send tokens of; default any. */
  databases?: string[];
  /** Only reads pass (README lists the operations). */
  readOnly?: boolean;
  /** Failed logins per client address per minute, then refusal until the minute that counted them ends. */
  loginFailuresPerAddress?: number;
  /** Failed logins per user name per minute, then refusal until the minute that counted them ends. */
  loginFailuresPerUser?: number;
}

export interface UpstreamNode {
  host: string;
  port: number;
  tls: boolean;
}

export interface Upstream {
  name: string;
  /** The first node's address (logs, /readyz). */
  host: string;
  port: number;
  /** Tried in this order; at least one. */
  nodes: UpstreamNode[];
}

export interface ResolvedOptions {
  listen: { host: string; port: number };
  metricsListen: { host: string; port: number } | undefined;
  metricsOnPublicPort: boolean;
  upstreams: Upstream[];
  allowOrigins: Set<string>;
  allowMissingOrigin: boolean;
  accessToken: string | undefined;
  ticketSecret: string | undefined;
  maxPayload: number;
  maxConnections: number;
  maxConnectionsPerIp: number;
  upgradeRatePerSecond: number;
  idleTimeoutMs: number;
  heartbeatMs: number;
  parkGraceMs: number;
  maxParked: number;
  helloTimeoutMs: number;
  upstreamConnectTimeoutMs: number;
  upstreamConnectConcurrency: number;
  upstreamQueueTimeoutMs: number;
  upstreamTls: { ca: Array<string | Buffer> | undefined; servername: string | undefined; rejectUnauthorized: boolean };
  instanceId: string;
  highWaterMark: number;
  hardLimit: number;
  stallTimeoutMs: number;
  maxBufferedBytes: number;
  messageDeadlineMs: number;
  headerTimeoutMs: number;
  maxPendingUpgradesPerIp: number;
  tls: { cert: string | Uint8Array; key: string | Uint8Array } | undefined;
  trustedProxies: Set<string>;
  logger: ((record: LogRecord) => void) | undefined;
  logLevel: LogLevel;
  drainTimeoutMs: number;
  /** Each upstream's policy, by upstream name. */
  policies: ReadonlyMap<string, Policy>;
}

const MIB = 1024 * 1024;
const ORIENTDB_MAX_PAYLOAD = 16 * MIB;

export const DEFAULTS = {
  listen: '127.0.0.1:8080',
  maxPayload: ORIENTDB_MAX_PAYLOAD,
  maxConnections: 10_000,
  maxConnectionsPerIp: 256,
  upgradeRatePerSecond: 20,
  idleTimeoutMs: 30 * 60_000,
  heartbeatMs: 25_000,
  parkGraceMs: 120_000,
  maxParked: 1_000,
  helloTimeoutMs: 10_000,
  upstreamConnectTimeoutMs: 5_000,
  upstreamConnectConcurrency: 32,
  upstreamQueueTimeoutMs: 30_000,
  highWaterMark: MIB,
  hardLimit: 40 * MIB,
  stallTimeoutMs: 60_000,
  maxBufferedBytes: 128 * MIB,
  messageDeadlineMs: 30_000,
  headerTimeoutMs: 10_000,
  maxPendingUpgradesPerIp: 64,
  drainTimeoutMs: 30_000,
  policy: true,
  allowServerOps: false,
  readOnly: false,
  loginFailuresPerAddress: 5,
  loginFailuresPerUser: 20,
  logLevel: 'warn' as LogLevel,
} as const;

export class OptionsError extends Error {
  override readonly name = 'OptionsError';
}

const NAME = /^[A-Za-z0-9_.-]{1,64}$/;

/** 'host:port', '[v6]:port' or ':port' (host 0.0.0.0). */
function parseHostPort(text: string, what: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:\s]*)):(\d{1,5})$/.exec(text.trim());
  if (!m) throw new OptionsError(`${what}: expected host:port, got ${JSON.stringify(text)}`);
  const host = m[1] ?? (m[2] || '0.0.0.0');
  return { host, port: checkPort(Number(m[3]), what) };
}

function checkPort(port: number, what: string): number {
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new OptionsError(`${what}: port out of range: ${port}`);
  return port;
}

/** 'host:port' or 'name=host:port'; an unnamed upstream is named 'default' when first, else host:port. */
function parseUpstream(spec: UpstreamSpec, index: number): Upstream {
  if (typeof spec === 'string') {
    const eq = spec.indexOf('=');
    const name = eq >= 0 ? spec.slice(0, eq).trim() : undefined;
    const nodes = (eq >= 0 ? spec.slice(eq + 1) : spec).split(',').map((text) => {
      const tls = /^\s*tls:\/\//i.test(text);
      const { host, port } = parseHostPort(tls ? text.trim().slice(6) : text, 'upstream');
      return { host, port, tls };
    });
    return finishUpstream(name, nodes, index);
  }
  const nodes = 'nodes' in spec ? spec.nodes : [spec];
  if (!Array.isArray(nodes) || nodes.length === 0) throw new OptionsError('upstream: nodes is empty');
  return finishUpstream(
    spec.name,
    nodes.map((n) => ({ host: n.host, port: checkPort(n.port, 'upstream'), tls: n.tls === true })),
    index,
  );
}

function finishUpstream(name: string | undefined, nodes: UpstreamNode[], index: number): Upstream {
  for (const { host, port } of nodes) {
    if (!host) throw new OptionsError('upstream: host is empty');
    if (port === 0) throw new OptionsError('upstream: port 0 is not a destination');
  }
  const { host, port } = nodes[0]!;
  const resolved = name ?? (index === 0 ? 'default' : `${host}:${port}`);
  if (name !== undefined && !NAME.test(name))
    throw new OptionsError(`upstream: bad name ${JSON.stringify(name)} (letters, digits, _ . -)`);
  return { name: resolved, host, port, nodes };
}

/** The CA as node:tls takes it (strings and Buffers); a Uint8Array is PEM text in bytes. */
function resolveUpstreamTls(o: UpstreamTlsOptions | undefined): ResolvedOptions['upstreamTls'] {
  const asPem = (v: string | Uint8Array) =>
    typeof v === 'string' ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  const ca = o?.ca === undefined ? undefined : (Array.isArray(o.ca) ? o.ca : [o.ca]).map(asPem);
  if (o?.servername !== undefined && !/^[A-Za-z0-9.-]{1,253}$/.test(o.servername))
    throw new OptionsError(`upstreamTls.servername: not a host name: ${JSON.stringify(o.servername)}`);
  return { ca, servername: o?.servername, rejectUnauthorized: o?.rejectUnauthorized ?? true };
}

/** A fresh instance id when none is configured: not a secret, only distinct per process. */
function resolveInstanceId(id: string | undefined): string {
  if (id === undefined) return randomBytes(9).toString('base64url');
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(id))
    throw new OptionsError(`instanceId: 1-64 letters, digits, _ . - (got ${JSON.stringify(id)})`);
  return id;
}

function nonNegativeInt(value: number | undefined, fallback: number, what: string): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < 0)
    throw new OptionsError(`${what}: expected a non-negative integer, got ${value}`);
  return v;
}

function positiveInt(value: number | undefined, fallback: number, what: string): number {
  const v = nonNegativeInt(value, fallback, what);
  if (v === 0) throw new OptionsError(`${what}: must be greater than 0`);
  return v;
}

/** An origin as browsers send it: scheme://host[:port], no path, no trailing slash. */
function checkOrigin(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new OptionsError(`allowOrigins: not a URL: ${JSON.stringify(origin)}`);
  }
  if (url.origin === 'null' || url.origin !== origin) {
    throw new OptionsError(
      `allowOrigins: ${JSON.stringify(origin)} is not an origin; did you mean ${JSON.stringify(url.origin)}?`,
    );
  }
  return origin;
}

export function resolveOptions(o: BridgeOptions): ResolvedOptions {
  if (!o || !Array.isArray(o.upstreams) || o.upstreams.length === 0)
    throw new OptionsError('at least one upstream is required');
  const upstreams = o.upstreams.map(parseUpstream);
  const names = new Set<string>();
  for (const u of upstreams) {
    if (names.has(u.name)) throw new OptionsError(`upstream: duplicate name ${JSON.stringify(u.name)}`);
    names.add(u.name);
  }
  const address = (v: string | { host: string; port: number }, what: string) =>
    typeof v === 'object' ? { host: v.host, port: checkPort(v.port, what) } : parseHostPort(v, what);
  const listen = address(o.listen ?? DEFAULTS.listen, 'listen');
  const metricsListen =
    o.metricsListen === undefined || o.metricsListen === false || o.metricsListen === 'off'
      ? undefined
      : address(o.metricsListen, 'metricsListen');
  const maxPayload = positiveInt(o.maxPayload, DEFAULTS.maxPayload, 'maxPayload');
  if (maxPayload > ORIENTDB_MAX_PAYLOAD)
    throw new OptionsError(`maxPayload: at most ${ORIENTDB_MAX_PAYLOAD} (OrientDB's network.binary.maxLength default)`);
  const highWaterMark = positiveInt(o.highWaterMark, DEFAULTS.highWaterMark, 'highWaterMark');
  const hardLimit = positiveInt(o.hardLimit, Math.max(DEFAULTS.hardLimit, 2 * maxPayload + highWaterMark), 'hardLimit');
  if (hardLimit <= highWaterMark) throw new OptionsError('hardLimit: must be greater than highWaterMark');
  if (o.accessToken !== undefined && o.accessToken.length < 16)
    throw new OptionsError('accessToken: use at least 16 characters');
  if (o.ticketSecret !== undefined && o.ticketSecret.length < 32)
    throw new OptionsError('ticketSecret: use at least 32 characters (e.g. openssl rand -base64 32)');
  if (o.tls && (!o.tls.cert || !o.tls.key)) throw new OptionsError('tls: both cert and key are required');
  const logLevel = o.logLevel ?? DEFAULTS.logLevel;
  if (!['debug', 'info', 'warn', 'error', 'silent'].includes(logLevel))
    throw new OptionsError(`logLevel: unknown level ${logLevel}`);
  return {
    listen,
    metricsListen,
    metricsOnPublicPort: o.metricsOnPublicPort ?? false,
    upstreams,
    allowOrigins: new Set((o.allowOrigins ?? []).map(checkOrigin)),
    allowMissingOrigin: o.allowMissingOrigin ?? false,
    accessToken: o.accessToken,
    ticketSecret: o.ticketSecret,
    maxPayload,
    maxConnections: positiveInt(o.maxConnections, DEFAULTS.maxConnections, 'maxConnections'),
    maxConnectionsPerIp: positiveInt(o.maxConnectionsPerIp, DEFAULTS.maxConnectionsPerIp, 'maxConnectionsPerIp'),
    upgradeRatePerSecond: nonNegativeInt(o.upgradeRatePerSecond, DEFAULTS.upgradeRatePerSecond, 'upgradeRatePerSecond'),
    idleTimeoutMs: nonNegativeInt(o.idleTimeoutMs, DEFAULTS.idleTimeoutMs, 'idleTimeoutMs'),
    heartbeatMs: nonNegativeInt(o.heartbeatMs, DEFAULTS.heartbeatMs, 'heartbeatMs'),
    parkGraceMs: nonNegativeInt(o.parkGraceMs, DEFAULTS.parkGraceMs, 'parkGraceMs'),
    maxParked: nonNegativeInt(o.maxParked, DEFAULTS.maxParked, 'maxParked'),
    helloTimeoutMs: positiveInt(o.helloTimeoutMs, DEFAULTS.helloTimeoutMs, 'helloTimeoutMs'),
    upstreamConnectTimeoutMs: positiveInt(
      o.upstreamConnectTimeoutMs,
      DEFAULTS.upstreamConnectTimeoutMs,
      'upstreamConnectTimeoutMs',
    ),
    upstreamConnectConcurrency: positiveInt(
      o.upstreamConnectConcurrency,
      DEFAULTS.upstreamConnectConcurrency,
      'upstreamConnectConcurrency',
    ),
    upstreamQueueTimeoutMs: positiveInt(
      o.upstreamQueueTimeoutMs,
      DEFAULTS.upstreamQueueTimeoutMs,
      'upstreamQueueTimeoutMs',
    ),
    upstreamTls: resolveUpstreamTls(o.upstreamTls),
    instanceId: resolveInstanceId(o.instanceId),
    highWaterMark,
    hardLimit,
    stallTimeoutMs: positiveInt(o.stallTimeoutMs, DEFAULTS.stallTimeoutMs, 'stallTimeoutMs'),
    maxBufferedBytes: positiveInt(o.maxBufferedBytes, DEFAULTS.maxBufferedBytes, 'maxBufferedBytes'),
    messageDeadlineMs: positiveInt(o.messageDeadlineMs, DEFAULTS.messageDeadlineMs, 'messageDeadlineMs'),
    headerTimeoutMs: positiveInt(o.headerTimeoutMs, DEFAULTS.headerTimeoutMs, 'headerTimeoutMs'),
    maxPendingUpgradesPerIp: positiveInt(
      o.maxPendingUpgradesPerIp,
      DEFAULTS.maxPendingUpgradesPerIp,
      'maxPendingUpgradesPerIp',
    ),
    tls: o.tls,
    trustedProxies: new Set(o.trustedProxies ?? []),
    logger: o.logger,
    logLevel,
    drainTimeoutMs: nonNegativeInt(o.drainTimeoutMs, DEFAULTS.drainTimeoutMs, 'drainTimeoutMs'),
    policies: resolvePolicies(o, names),
  };
}

/** Failed logins are counted per minute. */
const LOGIN_WINDOW_MS = 60_000;

function resolvePolicies(o: BridgeOptions, names: ReadonlySet<string>): Map<string, Policy> {
  for (const name of Object.keys(o.upstreamPolicies ?? {}))
    if (!names.has(name)) throw new OptionsError(`upstreamPolicies: no upstream named ${JSON.stringify(name)}`);
  const policies = new Map<string, Policy>();
  for (const name of names) {
    const u: UpstreamPolicyOptions = { ...o, ...o.upstreamPolicies?.[name] };
    const what = (key: string) => (o.upstreamPolicies?.[name] ? `upstreamPolicies.${name}.${key}` : key);
    const databases = u.databases;
    if (databases !== undefined && (!Array.isArray(databases) || databases.some((d) => typeof d !== 'string' || !d)))
      throw new OptionsError(`${what('databases')}: expected a list of database names`);
    policies.set(name, {
      enabled: u.policy ?? DEFAULTS.policy,
      allowServerOps: u.allowServerOps ?? DEFAULTS.allowServerOps,
      databases: databases && databases.length > 0 ? new Set(databases) : undefined,
      readOnly: u.readOnly ?? DEFAULTS.readOnly,
      loginFailuresPerAddress: positiveInt(
        u.loginFailuresPerAddress,
        DEFAULTS.loginFailuresPerAddress,
        what('loginFailuresPerAddress'),
      ),
      loginFailuresPerUser: positiveInt(
        u.loginFailuresPerUser,
        DEFAULTS.loginFailuresPerUser,
        what('loginFailuresPerUser'),
      ),
      loginWindowMs: LOGIN_WINDOW_MS,
    });
  }
  return policies;
}
