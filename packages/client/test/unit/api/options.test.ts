// Options: resolveOptions() applies the one defaults table, and the README's options tables say what
// it applies: a row for every public option (nested keepAlive and reconnect fields included), with
// DEFAULTS' literal in code where it holds one and '—' where the client applies no default.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DEFAULTS,
  resolveOptions,
  type KeepAliveOptions,
  type OrientDBOptions,
  type ReconnectOptions,
  type StreamOptions,
} from '../../../src/api/options.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import { MemoryTokenStore } from '../../../src/tokens/token-store.js';

// The compiler keeps these lists whole: a missing or an unknown name fails the typecheck.
const OPTIONS = {
  url: 0,
  transport: 0,
  WebSocket: 0,
  accessToken: 0,
  ticket: 0,
  upstream: 0,
  protocolVersion: 0,
  timeoutMs: 0,
  maxAnswerBytes: 0,
  greetingTimeoutMs: 0,
  reconnectWaitMs: 0,
  tokenStore: 0,
  tokenKeyPrefix: 0,
  db: 0,
  user: 0,
  reattachRoutes: 0,
  reauthenticate: 0,
  reattachMarginMs: 0,
  keepAlive: 0,
  crossTab: 0,
  reconnect: 0,
  queryEventParams: 0,
} satisfies Record<keyof OrientDBOptions, 0>;
const KEEP_ALIVE = { jitterMs: 0, safetyMs: 0, minDelayMs: 0 } satisfies Record<keyof KeepAliveOptions, 0>;
const RECONNECT = { initialMs: 0, maxMs: 0, factor: 0, maxAttempts: 0 } satisfies Record<keyof ReconnectOptions, 0>;
const CALL_OPTIONS = { signal: 0, timeoutMs: 0, pageSize: 0 } satisfies Record<keyof StreamOptions, 0>;

const PUBLIC = [
  ...Object.keys(OPTIONS),
  ...Object.keys(KEEP_ALIVE).map((k) => `keepAlive.${k}`),
  ...Object.keys(RECONNECT).map((k) => `reconnect.${k}`),
];

const README = readFileSync(resolve(dirname(fileURLToPath(import.meta.url)), '../../../README.md'), 'utf8');

interface Row {
  name: string;
  type: string;
  default: string;
  what: string;
}

/** The rows of the README table whose header row starts with `| first |`. */
function table(first: string): Map<string, Row> {
  const lines = README.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`| ${first} | type | default | what it does |`));
  assert.ok(at >= 0, `the README has a table headed "${first} | type | default | what it does"`);
  const rows = new Map<string, Row>();
  for (const line of lines.slice(at + 2)) {
    if (!line.startsWith('|')) break;
    // Cells split at pipes that are not escaped (`37 \| 38`).
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim().replaceAll('\\|', '|'));
    assert.equal(cells.length, 4, line);
    const name = /^`([^`]+)`$/.exec(cells[0]!)?.[1];
    assert.ok(name, `the first cell names the option in code: ${line}`);
    assert.ok(!rows.has(name), `${name} appears once`);
    rows.set(name, { name, type: cells[1]!, default: cells[2]!, what: cells[3]! });
  }
  return rows;
}

/** How a default reads in the README: as it would in code, numbers with or without `_` separators. */
function literal(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  return String(value);
}

function defaultOf(name: string): unknown {
  return name.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], DEFAULTS);
}

function checkDefault(row: Row, value: unknown): void {
  const cell = row.default;
  if (value === undefined) {
    assert.match(cell, /^—/, `${row.name}: the client applies no default, so the README's says '—'`);
  } else if (typeof value === 'function' || (typeof value === 'object' && !Array.isArray(value))) {
    // Made per client (a store, the window) or a group of fields with rows of their own.
    assert.ok(cell && !cell.startsWith('—'), `${row.name}: the README describes the default`);
  } else {
    const code = /`([^`]+)`/.exec(cell)?.[1]?.replace(/(?<=\d)_(?=\d)/g, '');
    assert.equal(code, literal(value), `${row.name}: the README's default is DEFAULTS' (${literal(value)})`);
  }
}

test('the README has one row for every public option, and no other', () => {
  const rows = table('option');
  assert.deepEqual([...rows.keys()].sort(), [...PUBLIC].sort());
  for (const row of rows.values()) {
    assert.ok(row.type.startsWith('`'), `${row.name}: a type in code`);
    assert.ok(row.what.length > 10, `${row.name}: says what it does`);
  }
});

test('each README default is the one the defaults table applies', () => {
  const rows = table('option');
  for (const name of PUBLIC) checkDefault(rows.get(name)!, defaultOf(name));
  const calls = table('call option');
  assert.deepEqual([...calls.keys()].sort(), Object.keys(CALL_OPTIONS).sort());
  checkDefault(calls.get('pageSize')!, DEFAULTS.pageSize);
  checkDefault(calls.get('signal')!, undefined);
  assert.match(calls.get('timeoutMs')!.default, /^— \(the client's `timeoutMs`\)/);
});

/** The reattach routes, cheapest first, in the order reattach() tries them. */
const ROUTE_ORDER = ['resume', 'session', 'stateless', 'reauthenticate'];

test('every entry of the defaults table is an option the README shows', () => {
  for (const key of Object.keys(DEFAULTS)) assert.ok(key in OPTIONS || key in CALL_OPTIONS, key);
  assert.deepEqual(DEFAULTS.reattachRoutes, ROUTE_ORDER, 'all routes, in the order they are tried');
});

test('resolveOptions applies the table (Node: no localStorage, no window)', () => {
  const o = resolveOptions({ url: 'ws://bridge.test/db' });
  assert.equal(o.transport.endpoint, 'ws://bridge.test/db');
  assert.equal(o.timeoutMs, DEFAULTS.timeoutMs);
  assert.equal(o.protocolVersion, 38);
  assert.equal(o.upstream, undefined);
  assert.equal(o.tokenKeyPrefix, 'orientdb-edge:');
  assert.deepEqual(o.keepAlive, DEFAULTS.keepAlive);
  assert.deepEqual(o.reconnect, { initialMs: 200, maxMs: 5000, factor: 2, maxAttempts: 8 });
  assert.deepEqual(o.reattachRoutes, ROUTE_ORDER);
  assert.equal(o.reattachMarginMs, 30_000);
  assert.equal(o.crossTab, null);
  assert.ok(o.tokenStore instanceof MemoryTokenStore);
  assert.ok(o.serverTokenStore instanceof MemoryTokenStore);
  assert.notEqual(o.tokenStore, o.serverTokenStore, 'database and server sessions each get their own memory');
});

test('given options win, field by field in keepAlive and reconnect; false and null turn things off', () => {
  const store = new MemoryTokenStore();
  const o = resolveOptions({
    url: 'ws://bridge.test/',
    timeoutMs: 5,
    tokenStore: store,
    keepAlive: { safetyMs: 1 },
    reconnect: { maxAttempts: 2, maxMs: undefined },
    reattachRoutes: ['session'],
    upstream: 'b',
  });
  assert.equal(o.timeoutMs, 5);
  assert.equal(o.tokenStore, store);
  assert.equal(o.serverTokenStore, store, 'a given store holds both kinds of session');
  assert.deepEqual(o.keepAlive, { ...DEFAULTS.keepAlive, safetyMs: 1 });
  assert.deepEqual(o.reconnect, { ...DEFAULTS.reconnect, maxAttempts: 2 });
  assert.deepEqual(o.reattachRoutes, ['session']);
  assert.equal(o.upstream, 'b');
  const off = resolveOptions({
    url: 'ws://bridge.test/',
    tokenStore: null,
    keepAlive: false,
    reconnect: false,
    crossTab: false,
    timeoutMs: -1,
  });
  assert.equal(off.tokenStore, null);
  assert.equal(off.serverTokenStore, null);
  assert.equal(off.keepAlive, false);
  assert.equal(off.reconnect, false);
  assert.equal(off.crossTab, null);
  assert.equal(off.timeoutMs, 0, 'a negative timeout means none');
  const source = { addEventListener: () => undefined, removeEventListener: () => undefined };
  assert.equal(resolveOptions({ url: 'ws://bridge.test/', crossTab: source }).crossTab, source);
});

test('a url or a transport is required', () => {
  assert.throws(() => resolveOptions({}), InvalidArgumentError);
});

test('test hooks (clock, timers, chance) are not options', () => {
  const o: OrientDBOptions = {
    url: 'ws://bridge.test/',
    // @ts-expect-error KeepAlive takes its Clock as a constructor argument
    keepAlive: { setTimer: () => 0, now: () => 0, random: () => 0 },
    // @ts-expect-error reconnectLoop takes `random` as an argument
    reconnect: { random: () => 0 },
  };
  const resolved = resolveOptions(o);
  assert.deepEqual(resolved.keepAlive, DEFAULTS.keepAlive);
  assert.deepEqual(resolved.reconnect, DEFAULTS.reconnect);
});
