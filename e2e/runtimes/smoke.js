// Runs in Deno and Bun against the BUILT client: a TCP session and, when a bridge URL is given, a
// WebSocket one; a second process reattaches with the first one's token. Prints one JSON line.
// Args (env): ODB_HOST, ODB_PORT, ODB_DB, ODB_USER, ODB_PASSWORD, BRIDGE_URL?, REATTACH_TOKEN?, REATTACH_WS_TOKEN?
// With REATTACH_TOKEN the process never sees the password's use: it reattaches over TCP with the token,
// and through the bridge with its default store (Deno: localStorage kept by --location) or, where that
// store is memory (Bun), with REATTACH_WS_TOKEN.
import { OrientDB } from '../../packages/client/dist/index.js';
import { tcp } from '../../packages/client/dist/tcp.js';

const env = (name) => (typeof Deno !== 'undefined' ? Deno.env.get(name) : process.env[name]);
const runtime = typeof Deno !== 'undefined' ? `deno ${Deno.version.deno}` : `bun ${Bun.version}`;
const out = { runtime, hasLocalStorage: typeof localStorage !== 'undefined' };

const host = env('ODB_HOST');
const port = Number(env('ODB_PORT'));
const db = env('ODB_DB');
const user = env('ODB_USER');
const password = env('ODB_PASSWORD');

const reattach = env('REATTACH_TOKEN');
const overTcp = new OrientDB({ transport: tcp({ host, port }), tokenStore: null });
if (reattach) {
  overTcp.setSessionToken(reattach);
} else {
  await overTcp.dbOpen(db, user, password);
}
out.tcpRows = (await overTcp.query('SELECT name FROM Nodes ORDER BY name')).map((r) => r.name);
out.tcpVia = overTcp.session?.via;
out.token = overTcp.getSessionToken();
await overTcp.close();

const bridge = env('BRIDGE_URL');
if (bridge) {
  const overWs = new OrientDB({ url: bridge });
  if (!reattach) await overWs.dbOpen(db, user, password);
  else if (!out.hasLocalStorage) overWs.setSessionToken(env('REATTACH_WS_TOKEN'));
  out.wsRows = (await overWs.query('SELECT count(*) AS c FROM Nodes'))[0].c;
  out.wsVia = overWs.session?.via;
  out.wsToken = overWs.getSessionToken();
  out.parked = overWs.park();
  await new Promise((r) => setTimeout(r, 200));
}
console.log(JSON.stringify(out));
