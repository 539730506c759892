// Test databases created through OrientDB's HTTP API, independent of the client under test.
import { randomBytes } from 'node:crypto';
import type { OrientDBServer } from './server.js';

export interface TestDatabase {
  name: string;
  user: string;
  password: string;
  drop(): Promise<void>;
}

type ServerAddress = Pick<OrientDBServer, 'host' | 'httpPort' | 'rootPassword'>;

const basic = (user: string, password: string) => 'Basic ' + btoa(`${user}:${password}`);

async function http(
  server: ServerAddress,
  method: string,
  path: string,
  auth: string,
  body?: string,
): Promise<unknown> {
  const res = await fetch(`http://${server.host}:${server.httpPort}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'text/plain' },
    body,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`OrientDB HTTP ${method} ${path} → ${res.status}: ${text.slice(0, 500)}`);
  return text ? JSON.parse(text) : undefined;
}

/** Creates a fresh database with the default admin/admin user (security.createDefaultUsers). */
export async function createTestDatabase(
  server: ServerAddress,
  options: { name?: string; storage?: 'memory' | 'plocal'; type?: 'graph' | 'document' } = {},
): Promise<TestDatabase> {
  const name = options.name ?? `test_${randomBytes(5).toString('hex')}`;
  const root = basic('root', server.rootPassword);
  await http(
    server,
    'POST',
    `/database/${encodeURIComponent(name)}/${options.storage ?? 'memory'}/${options.type ?? 'graph'}`,
    root,
  );
  return {
    name,
    user: 'admin',
    password: 'admin',
    drop: async () => {
      await http(server, 'DELETE', `/database/${encodeURIComponent(name)}`, root);
    },
  };
}

/** Runs SQL through HTTP as the database's admin; statements separated by ';' run one by one. */
export async function sqlOverHttp(
  server: ServerAddress,
  db: Pick<TestDatabase, 'name' | 'user' | 'password'>,
  sql: string,
): Promise<unknown[]> {
  let result: unknown[] = [];
  for (const statement of sql
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const out = (await http(
      server,
      'POST',
      `/command/${encodeURIComponent(db.name)}/sql`,
      basic(db.user, db.password),
      statement,
    )) as { result?: unknown[] };
    result = out?.result ?? [];
  }
  return result;
}
