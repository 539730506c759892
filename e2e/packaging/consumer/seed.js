// The seed scenario, run from a folder where the packed packages were installed (Node, Deno, Bun):
// STEP=open logs in and prints the session token; STEP=query, given that token (TOKEN) and no
// credentials, reads the living room's statuses. VIA=tcp talks to OrientDB's binary port, VIA=bridge
// to the installed bridge (BRIDGE_URL). Prints one JSON line.
import { OrientDB } from '@orientdb-edge/client';
import { tcp } from '@orientdb-edge/client/tcp';

const env = (name) => (typeof Deno !== 'undefined' ? Deno.env.get(name) : process.env[name]) ?? '';
const exit = (code) => (typeof Deno !== 'undefined' ? Deno.exit(code) : process.exit(code));

// Node 20 has no global WebSocket; Deno, Bun and newer Node do.
const WebSocket = globalThis.WebSocket ?? (await import('ws')).WebSocket;
const client = new OrientDB(
  env('VIA') === 'tcp'
    ? { transport: tcp({ host: env('ODB_HOST'), port: Number(env('ODB_PORT')) }), tokenStore: null }
    : { url: env('BRIDGE_URL'), WebSocket, tokenStore: null },
);

if (env('STEP') === 'open') {
  await client.dbOpen(env('ODB_DB'), env('ODB_USER'), env('ODB_PASSWORD'));
  console.log(JSON.stringify({ token: client.getSessionToken() }));
} else {
  client.setSessionToken(env('TOKEN'));
  const rows = await client.query("SELECT status FROM Nodes WHERE zone = 'living-room'");
  console.log(JSON.stringify({ statuses: rows.map((row) => row.status).sort(), via: client.session?.via }));
}
await client.close();
// Whether an idle client lets the process end by itself is tested elsewhere; here only the packages.
exit(0);
