// Password guesses per second that reach a real OrientDB through the bridge, without the policy (a plain
// relay) and with it (the failed-login throttle: 5 per address per minute by default), for database
// users (DB_OPEN) and for root (CONNECT; with the policy only when allowServerOps). Four workers log in
// with a wrong password as fast as the client allows (a fresh WebSocket per login, as a page does); the
// upgrade rate limit is off so that only the policy is measured.
// Run: node --conditions=source --import tsx packages/bridge/bench/login-guesses.ts [seconds]
import { WebSocket } from 'ws';
import { createTestDatabase, startOrientDB } from '@orientdb-edge/testkit';
import { OrientDB, PolicyError, ServerError } from '@orientdb-edge/client';
import type { WebSocketConstructor } from '../../client/src/transport/websocket.js';
import { startBridge } from '../src/index.js';

const SECONDS = Number(process.argv[2] ?? 5);
const WORKERS = 4;
const WS = WebSocket as unknown as WebSocketConstructor;

type Login = 'DB_OPEN' | 'CONNECT';

async function guesses(policy: boolean, login: Login, database: string): Promise<{ reached: number; refused: number }> {
  const bridge = await startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`${server.host}:${server.port}`],
    allowMissingOrigin: true,
    upgradeRatePerSecond: 0,
    logLevel: 'silent',
    policy,
    allowServerOps: true,
  });
  let reached = 0;
  let refused = 0;
  const until = performance.now() + SECONDS * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const c = new OrientDB({ url: bridge.url, WebSocket: WS, tokenStore: null });
      try {
        const guess = `guess-${reached + refused}`;
        await (login === 'DB_OPEN' ? c.dbOpen(database, 'admin', guess) : c.connect('root', guess));
      } catch (e) {
        if (e instanceof ServerError) reached++;
        else if (e instanceof PolicyError) refused++;
        else throw e;
      } finally {
        await c.close();
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  await bridge.close();
  return { reached, refused };
}

const server = await startOrientDB();
try {
  const db = await createTestDatabase(server);
  for (const login of ['CONNECT', 'DB_OPEN'] as const) {
    for (const policy of [false, true]) {
      const { reached, refused } = await guesses(policy, login, db.name);
      console.log(
        `${login.padEnd(7)} policy ${policy ? 'on ' : 'off'}: ${(reached / SECONDS).toFixed(1).padStart(7)} guesses/s reached OrientDB (${reached} in ${SECONDS} s), ${(refused / SECONDS).toFixed(1).padStart(7)}/s refused by the bridge; ${WORKERS} workers`,
      );
    }
  }
} finally {
  await server.stop();
}
