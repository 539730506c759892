// Runs in Deno and Bun against the BUILT client: a TCP session and, when a bridge URL is given, a
// WebSocket one; a second process may reattach with the first one's token. Prints one JSON line.
// Args (env): ODB_HOST, ODB_PORT, ODB_DB, ODB_USER, ODB_PASSWORD, BRIDGE_URL?, REATTACH_TOKEN?
import { OrientDB } from '../../packages/client/dist/index.js';
import { tcp } from '../../packages/client/dist/tcp.js';

const env = (name) => (typeof Deno !== 'undefined' ? Deno.env.get(name) : process.env[name]);
const runtime = typeof Deno !== 'undefined' ? `deno ${Deno.version.deno}` : `bun ${Bun.version}`;
const out = { runtime, hasLocalStorage: typeof localStorage !== 'undefined' };

const host = env('ODB_HOST'); const port = Number(env('ODB_PORT'));
const db = env('ODB_DB'); const user = env('ODB_USER'); const password = env('ODB_PASSWORD');

const reattach = env('REATTACH_TOKEN');
const overTcp = new OrientDB({ transport: tcp({ host, port }), tokenStore: null });
if (reattach) {
  overTcp.setSessionToken(reattach);
} else {
  await overTcp.dbOpen(db, user, password);
}
out.tcpRows = (await overTcp.query('SELECT name FROM Nodes ORDER BY name')).map((r) => r.name);
out.token = overTcp.getSessionToken();
await overTcp.close();

const bridge = env('BRIDGE_URL');
if (bridge) {
  const overWs = new OrientDB({ url: bridge, tokenStore: null });
  await overWs.dbOpen(db, user, password);
  out.wsRows = (await overWs.query('SELECT count(*) AS c FROM Nodes'))[0].c;
  await overWs.close();
}
console.log(JSON.stringify(out));
