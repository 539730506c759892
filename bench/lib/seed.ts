// The bench database: an indexed Item class for point queries, a mixed-type Big class for decoding
// and streaming, and an empty Row class for creates; filled over HTTP, independent of any contestant.
import { createTestDatabase, sqlOverHttp, type OrientDBServer, type TestDatabase } from '@orientdb-edge/testkit';
import type { Sizes } from './options.js';

export interface BenchData {
  db: TestDatabase;
  items: number;
  bigRows: number;
  /** SQL of each workload, the same text for every contestant. */
  sql: {
    point: string;
    small: string;
    big: string;
    stream: string;
    firstRow: string;
  };
}

const SEED_BATCH = 1_000;

/** Big's value for row i: alternately beyond 2^53 and small, so 64-bit paths are exercised. */
function longFor(i: number): bigint {
  return i % 2 ? 9007199254740993n + BigInt(i) * 7919n : BigInt(i) * 1000003n;
}

export async function seed(server: OrientDBServer, sizes: Sizes, log: (line: string) => void): Promise<BenchData> {
  const started = performance.now();
  const db = await createTestDatabase(server, { name: 'bench', storage: 'memory', type: 'document' });
  const sql = (text: string) => sqlOverHttp(server, db, text);
  await sql(
    [
      'create class Item',
      'create property Item.key INTEGER',
      'create property Item.name STRING',
      'create property Item.v LONG',
      'create property Item.at DATETIME',
      'create index Item.key UNIQUE',
      'create class Big',
      'create property Big.s STRING',
      'create property Big.l LONG',
      'create property Big.d DOUBLE',
      'create property Big.dt DATETIME',
      'create property Big.m EMBEDDEDMAP',
      'create property Big.link LINK',
      'create property Big.n EMBEDDEDLIST INTEGER',
      'create class Seed',
      'create class Row',
      'create property Row.k INTEGER',
      'create property Row.s STRING',
      'create property Row.d DOUBLE',
    ].join(';'),
  );

  for (let start = 0; start < sizes.items; start += SEED_BATCH) {
    const rows: string[] = [];
    for (let i = start; i < Math.min(sizes.items, start + SEED_BATCH); i++) {
      rows.push(`(${i}, 'item-${i}', ${longFor(i)}, ${1_700_000_000_000 + i * 1000})`);
    }
    await sql(`insert into Item (key, name, v, at) values ${rows.join(',')}`);
  }
  const [first] = (await sql('select @rid as rid from Item where key = 0')) as Array<{ rid: string }>;
  const link = first!.rid;

  const seedRows = Math.min(SEED_BATCH, sizes.bigRows);
  const rows: string[] = [];
  for (let i = 0; i < seedRows; i++) {
    const s = i % 10 === 0 ? `row ${i}: naïve café ✓ ${'x'.repeat(i % 40)}` : `row-${i}-${'abcdefgh'.slice(0, i % 8)}`;
    rows.push(
      `('${s}', ${longFor(i)}, ${i * 1.25 + 0.1}, ${1_600_000_000_000 + i * 86_400_123}, {"k": ${i}, "name": "m-${i}", "ok": ${i % 2 === 0}}, ${link}, [${Array.from({ length: 10 }, (_, j) => i * 10 + j).join(',')}])`,
    );
  }
  await sql(`insert into Seed (s, l, d, dt, m, link, n) values ${rows.join(',')}`);
  let bigRows = 0;
  while (bigRows < sizes.bigRows) {
    const take = Math.min(seedRows, sizes.bigRows - bigRows);
    await sql(`insert into Big from select s, l, d, dt, m, link, n from Seed limit ${take}`);
    bigRows += take;
  }
  await sql('drop class Seed unsafe');
  log(
    `seeded ${sizes.items} items and ${bigRows} mixed-type rows in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return {
    db,
    items: sizes.items,
    bigRows,
    sql: {
      point: 'select from Item where key = :key',
      small: 'select key, name, v from Item where key = :key',
      big: 'select from Big',
      stream: `select s, l, n from Big unwind n limit ${sizes.streamRows}`,
      firstRow: 'select from Item where key = 1',
    },
  };
}

/** Empties Row between create runs so every contestant creates into the same-sized class. */
export async function truncateRows(server: OrientDBServer, data: BenchData): Promise<void> {
  await sqlOverHttp(server, data.db, 'truncate class Row unsafe');
}
