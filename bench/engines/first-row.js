// Runs in Node (--experimental-websocket), Deno and Bun against the BUILT client: takes the session of
// REATTACH_TOKEN through the bridge at BRIDGE_URL (the connection the previous process parked), reads
// the rows, parks the connection for the next process and prints one JSON line: milliseconds from this
// process's start (performance.now()) to the first row, the route, and the token to pass on.
import { OrientDB } from '../../packages/client/dist/index.js';

const env = (name) => (typeof Deno !== 'undefined' ? Deno.env.get(name) : process.env[name]);
const client = new OrientDB({ url: env('BRIDGE_URL'), tokenStore: null, keepAlive: false });
client.setSessionToken(env('REATTACH_TOKEN'));
const rows = await client.query('SELECT name FROM Nodes ORDER BY name');
const firstRowMs = performance.now();
const out = { firstRowMs, rows: rows.length, via: client.session?.via, token: client.getSessionToken() };
out.parked = client.park();
console.log(JSON.stringify(out));
