// A small command-line program, run as a child process by the tests of server-side runtimes: it uses
// the client the way a script does and never calls close(). It prints one JSON line of what it saw,
// and a second one when the event loop empties ('beforeExit'): whether its query had settled by then.
// Run with: node --conditions=source --import tsx cli-child.ts <json>
import { WebSocket } from 'ws';
import { OrientDB } from '../../../../src/index.js';
import type { OrientDBOptions } from '../../../../src/api/options.js';
import { fileTokenStore } from '../../../../src/file-store.js';
import { tcp } from '../../../../src/tcp.js';
import type { WebSocketConstructor } from '../../../../src/transport/websocket.js';

export interface ChildTask {
  /** host:port of OrientDB's binary port, or a bridge's ws:// URL. */
  target: string;
  /** Log in with these; without them the session comes from the token store. */
  login?: { database: string; user: string; password: string };
  /** A fileTokenStore at this path (else none). */
  storeFile?: string;
  query?: string;
  /** Hand the bridge connection to the bridge before the end (client.park()). */
  park?: boolean;
  /** The client's timeoutMs; 0: calls have no deadline (and so no timer). */
  timeoutMs?: number;
  /** Also print the process's own time zone (`localZone`). */
  reportZone?: boolean;
}

const task = JSON.parse(process.argv[2]!) as ChildTask;
let settled = false;
process.once('beforeExit', () => {
  process.stdout.write(`${JSON.stringify({ beforeExit: true, querySettled: settled })}\n`);
});

async function main(): Promise<void> {
  const reach: OrientDBOptions = task.target.startsWith('ws')
    ? { url: task.target, WebSocket: WebSocket as unknown as WebSocketConstructor }
    : { transport: tcp({ host: task.target.split(':')[0]!, port: Number(task.target.split(':')[1]) }) };
  const client = new OrientDB({
    ...reach,
    tokenStore: task.storeFile ? fileTokenStore(task.storeFile) : null,
    timeoutMs: task.timeoutMs,
  });
  if (task.login) await client.dbOpen(task.login.database, task.login.user, task.login.password);
  const rows = task.query ? await client.query(task.query) : [];
  settled = true;
  const parked = task.park ? client.park() : undefined;
  const localZone = task.reportZone ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined;
  process.stdout.write(`${JSON.stringify({ rows, via: client.session?.via, parked, localZone })}\n`);
}

main().catch((error: Error) => {
  process.stdout.write(`${JSON.stringify({ error: `${error.name}: ${error.message}` })}\n`);
  process.exitCode = 1;
});
