// A Cloudflare Worker (run by workerd) that queries OrientDB two ways: through the bridge with the
// client's WebSocket transport, its session token kept in a Durable Object through the TokenStore
// interface (a Worker has no localStorage), so that a later request reattaches without credentials;
// and straight to the binary port with the cloudflare:sockets transport (`tls=1`: to the SSL listener,
// secureTransport on). Answers JSON; through the bridge with the time from the request to the first rows.
import { OrientDB, type TokenStore } from '@orientdb-edge/client';
import { cloudflareTcp } from '@orientdb-edge/client/cloudflare';

interface DurableObjectStorage {
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
  delete(key: string): Promise<boolean>;
  list(): Promise<Map<string, unknown>>;
}
interface DurableObjectStub {
  fetch(url: string, init?: RequestInit): Promise<Response>;
}
interface Env {
  TOKENS: { idFromName(name: string): unknown; get(id: unknown): DurableObjectStub };
}

/** The Durable Object holding the token entries (its storage persists on disk across restarts). */
export class Tokens {
  readonly #storage: DurableObjectStorage;
  constructor(state: { storage: DurableObjectStorage }) {
    this.#storage = state.storage;
  }
  async fetch(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const key = url.searchParams.get('key') ?? '';
    if (url.pathname === '/get') return Response.json({ value: (await this.#storage.get<string>(key)) ?? null });
    if (url.pathname === '/set') await this.#storage.put(key, await request.text());
    else if (url.pathname === '/remove') await this.#storage.delete(key);
    else if (url.pathname === '/keys') return Response.json([...(await this.#storage.list()).keys()]);
    return new Response(null, { status: 204 });
  }
}

/** The TokenStore interface over the Durable Object. */
function durableTokenStore(stub: DurableObjectStub): TokenStore {
  const at = (op: string, key: string) => `http://tokens/${op}?key=${encodeURIComponent(key)}`;
  return {
    async get(key) {
      return ((await (await stub.fetch(at('get', key))).json()) as { value: string | null }).value;
    },
    async set(key, value) {
      await stub.fetch(at('set', key), { method: 'POST', body: value });
    },
    async remove(key) {
      await stub.fetch(at('remove', key), { method: 'POST' });
    },
  };
}

const names = async (client: OrientDB) =>
  (await client.query<{ name: string }>('SELECT name FROM Nodes ORDER BY name')).map((r) => r.name);

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    // workerd's clock moves on with I/O only: enough to time a request's I/O-bound way to its first row.
    const started = Date.now();
    const p = new URL(request.url).searchParams;
    const path = new URL(request.url).pathname;
    try {
      const stub = env.TOKENS.get(env.TOKENS.idFromName('sessions'));
      if (path === '/keys') return stub.fetch('http://tokens/keys');
      if (path === '/tcp') {
        const client = new OrientDB({
          transport: cloudflareTcp({ host: p.get('host')!, port: Number(p.get('port')), tls: p.get('tls') === '1' }),
          tokenStore: null,
          keepAlive: false,
        });
        await client.dbOpen(p.get('db')!, p.get('user')!, p.get('password')!);
        const result = { names: await names(client), via: client.session?.via };
        await client.close();
        return Response.json(result);
      }
      // Through the bridge: log in when the URL carries a password, else reattach from the stored session.
      const client = new OrientDB({ url: p.get('bridge')!, tokenStore: durableTokenStore(stub), keepAlive: false });
      if (p.get('password')) await client.dbOpen(p.get('db')!, p.get('user')!, p.get('password')!);
      const rows = await names(client);
      const firstRowMs = Date.now() - started;
      const result = { names: rows, via: client.session?.via, sessionId: client.session?.sessionId, firstRowMs };
      // The request ends here: hand the connection to the bridge to keep for the next request.
      client.park();
      return Response.json(result);
    } catch (error) {
      const e = error as { name?: string; code?: string; message?: string };
      return Response.json({ error: `${e.name} ${e.code}: ${e.message}` });
    }
  },
};
