// OrientDB's own HTTP API from Node, as a server-side program without this project would use it: one
// GET /connect/<db> with Basic auth for the session cookie (OSESSIONID), then each statement as
// POST /command/<db>/sql/-/-1 with {command, parameters} and the cookie, on a keep-alive agent.
import { Agent, request } from 'node:http';
import type { Credentials } from '../lib/cold-user.js';
import type { BenchContext, BenchSession, Contestant, FirstRowKind } from './types.js';

interface Answer {
  status: number;
  cookie: string | undefined;
  body: string;
}

class RestHttp {
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  readonly #host: string;
  readonly #port: number;

  constructor(host: string, port: number) {
    this.#host = host;
    this.#port = port;
  }

  send(method: string, path: string, headers: Record<string, string>, body?: string): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request({ host: this.#host, port: this.#port, method, path, headers, agent: this.#agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            cookie: res.headers['set-cookie']?.find((c) => c.startsWith('OSESSIONID='))?.split(';')[0],
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  close(): void {
    this.#agent.destroy();
  }
}

/** GET /connect/<db>: the session cookie. */
async function connect(http: RestHttp, database: string, as: Credentials): Promise<string> {
  const basic = `Basic ${Buffer.from(`${as.user}:${as.password}`).toString('base64')}`;
  const a = await http.send('GET', `/connect/${encodeURIComponent(database)}`, { authorization: basic });
  if (a.status !== 204 || !a.cookie) throw new Error(`REST /connect answered ${a.status} ${a.body.slice(0, 200)}`);
  return a.cookie;
}

async function command(
  http: RestHttp,
  database: string,
  cookie: string,
  sql: string,
  parameters: Record<string, unknown> = {},
): Promise<unknown[]> {
  const body = JSON.stringify({ command: sql, parameters });
  const a = await http.send(
    'POST',
    `/command/${encodeURIComponent(database)}/sql/-/-1`,
    { cookie, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
    body,
  );
  if (a.status !== 200) throw new Error(`REST /command answered ${a.status} ${a.body.slice(0, 200)}`);
  return (JSON.parse(a.body) as { result: unknown[] }).result;
}

export function restContestant(ctx: BenchContext): Contestant {
  const { db } = ctx.data;
  const http = () => new RestHttp(ctx.host, ctx.httpPort);
  const unsupported = () => Promise.reject(new Error('rest runs workloads a, c and e only'));
  return {
    id: 'rest',
    label: "OrientDB's REST API from Node (keep-alive, session cookie)",
    workloads: ['a', 'c', 'e'],
    notes: {
      reattach: 'a new keep-alive agent (new TCP connection) sending the session cookie of an earlier /connect',
    },
    async open(): Promise<BenchSession> {
      const h = http();
      const cookie = await connect(h, db.name, db);
      const { sql } = ctx.data;
      return {
        point: async (key) => (await command(h, db.name, cookie, sql.point, { key })).length,
        small: async (key) => (await command(h, db.name, cookie, sql.small, { key })).length,
        big: async () => (await command(h, db.name, cookie, sql.big)).length,
        createOne: unsupported,
        createTx: unsupported,
        async close() {
          h.close();
        },
      };
    },
    async firstRow(kind: FirstRowKind, as: Credentials = db): Promise<number> {
      let cookie: string | undefined;
      if (kind === 'reattach') {
        const before = http();
        cookie = await connect(before, db.name, as);
        before.close();
      }
      const h = http();
      try {
        const started = performance.now();
        cookie ??= await connect(h, db.name, as);
        const rows = await command(h, db.name, cookie, ctx.data.sql.firstRow);
        const ms = performance.now() - started;
        if (rows.length !== 1) throw new Error(`rest ${kind}: expected 1 row, got ${rows.length}`);
        return ms;
      } finally {
        h.close();
      }
    },
    async dispose() {
      /* nothing shared */
    },
  };
}
