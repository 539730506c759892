// Runs inside Vercel's edge-runtime: the client through the bridge with the runtime's own WebSocket.
// `login` opens a session, reads, and parks the connection; `reattach` is one invocation that takes the
// token in a new client, reads again without credentials (timed from its start to the rows: the
// reattach benchmark's figure) and parks the connection for the next invocation.
import { OrientDB } from '@orientdb-edge/client';

interface Params {
  bridge: string;
  db?: string;
  user?: string;
  password?: string;
  token?: string;
}

const names = async (client: OrientDB) =>
  (await client.query<{ name: string }>('SELECT name FROM Nodes ORDER BY name')).map((r) => r.name);

const api = {
  async login(p: Params) {
    const client = new OrientDB({ url: p.bridge, tokenStore: null, keepAlive: false });
    await client.dbOpen(p.db!, p.user!, p.password!);
    const result = { names: await names(client), via: client.session?.via, token: client.getSessionToken() };
    return { ...result, parked: client.park() };
  },
  async reattach(p: Params) {
    const started = performance.now();
    const client = new OrientDB({ url: p.bridge, tokenStore: null, keepAlive: false });
    client.setSessionToken(p.token!);
    const rows = await names(client);
    const firstRowMs = performance.now() - started;
    const session = client.session;
    const result = { names: rows, firstRowMs, via: session?.via, sessionId: session?.sessionId };
    return { ...result, token: client.getSessionToken(), parked: client.park() };
  },
  probe: () => ({ WebSocket: typeof WebSocket, localStorage: typeof localStorage, process: typeof process }),
};
(globalThis as { edge?: typeof api }).edge = api;
