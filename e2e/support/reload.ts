// Helpers of the reload scenarios: a bridge whose upstream is a recording tap, and page loads that
// wait for the page's window.result.
import type { Page } from 'playwright-core';
import { startBridge, type Bridge, type BridgeOptions } from '@orientdb-edge/bridge';
import { randomBytes } from 'node:crypto';
import { sqlOverHttp, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { startTap, type Tap } from './tap-proxy.js';

export interface PageResult {
  names?: string[];
  /** Milliseconds from navigation start to the first rows (set when no login was needed). */
  rowsAtMs?: number;
  error?: string;
  expired?: string;
  /** The client's keys in localStorage right after SessionExpired. */
  keysAfterExpiry?: string[];
  loginPathRan: boolean;
  session?: {
    via: string;
    expiresAt: number;
    sessionId: number;
    database: string;
    user: string;
    renewals: number;
  } | null;
  token?: string;
  storedKeys: string[];
}

export interface TappedBridge {
  bridge: Bridge;
  tap: Tap;
  url: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A bridge on a fixed port (so a restart keeps its URL) relaying through a tap to the server. */
export async function tappedBridge(
  server: Pick<ServerInfo, 'host' | 'port'>,
  origin: string,
  options: Partial<BridgeOptions> = {},
): Promise<TappedBridge> {
  const tap = await startTap(server.host, server.port);
  const start = (listen: string) =>
    startBridge({ listen, upstreams: [`${tap.host}:${tap.port}`], allowOrigins: [origin], ...options });
  let bridge = await start('127.0.0.1:0');
  const address = new URL(bridge.url).host;
  const self: TappedBridge = {
    get bridge() {
      return bridge;
    },
    tap,
    url: bridge.url,
    async restart() {
      await bridge.close();
      bridge = await start(address);
    },
    async close() {
      await bridge.close();
      await tap.close();
    },
  };
  return self;
}

export function pageUrl(
  origin: string,
  bridgeUrl: string,
  db?: TestDatabase,
  extra: Record<string, string> = {},
): string {
  const q = new URLSearchParams({ bridge: bridgeUrl, ...extra });
  if (db) {
    q.set('db', db.name);
    q.set('user', db.user);
    q.set('password', db.password);
  }
  return `${origin}/reload.html?${q}`;
}

export async function result(page: Page): Promise<PageResult> {
  const handle = await page.waitForFunction(() => (window as unknown as { result?: unknown }).result, undefined, {
    timeout: 60_000,
  });
  return (await handle.jsonValue()) as PageResult;
}

/** Loads `url` in `page` and returns its result. */
export async function load(page: Page, url: string): Promise<PageResult> {
  await page.goto(url);
  return result(page);
}

/**
 * A user of `db` with a random password, so that a test can look for the password on the wire and in
 * storage (the default admin/admin would match the user name).
 */
export async function secretUser(server: ServerInfo, db: TestDatabase): Promise<TestDatabase> {
  const user = `edge_${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(12).toString('base64url')}`;
  await sqlOverHttp(server, db, `CREATE USER ${user} IDENTIFIED BY '${password}' ROLE admin`);
  return { ...db, user, password };
}
