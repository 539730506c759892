// (g) Runs in its own process (node --expose-gc): streams rows with our client over TCP and samples
// the heap, both as found (every 10,000 rows) and after a forced GC (every 100,000 rows).
import { OrientDB, tcp } from '../lib/client-dist.js';

interface Args {
  host: string;
  port: number;
  db: string;
  user: string;
  password: string;
  sql: string;
  pageSize: number;
}
const args = JSON.parse(process.argv[2]!) as Args;
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('memory-child needs --expose-gc');

const db = new OrientDB({ transport: tcp({ host: args.host, port: args.port }), tokenStore: null });
await db.dbOpen(args.db, args.user, args.password);
gc();
const baseline = process.memoryUsage().heapUsed;
const found: Array<[number, number]> = [];
const afterGc: Array<[number, number]> = [[0, baseline]];
let rows = 0;
let checksum = 0;
const started = performance.now();
for await (const row of db.stream<Record<string, unknown>>(args.sql, {}, { pageSize: args.pageSize })) {
  rows++;
  checksum += (row['n'] as number) | 0;
  if (rows % 10_000 === 0) found.push([rows, process.memoryUsage().heapUsed]);
  if (rows % 100_000 === 0) {
    gc();
    afterGc.push([rows, process.memoryUsage().heapUsed]);
  }
}
const ms = performance.now() - started;
await db.close();
process.stdout.write(JSON.stringify({ rows, ms, checksum, baseline, found, afterGc }) + '\n');
