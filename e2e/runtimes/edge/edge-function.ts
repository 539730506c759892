// Runs inside Vercel's edge-runtime: the client through the bridge with the runtime's own WebSocket.
// `login` opens a session, reads, and parks the connection; `reattach` takes the token in a new client
// and reads again without credentials.
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
    const client = new OrientDB({ url: p.bridge, tokenStore: null, keepAlive: false });
    client.setSessionToken(p.token!);
    const result = { names: await names(client), via: client.session?.via, sessionId: client.session?.sessionId };
    await client.close();
    return result;
  },
  probe: () => ({ WebSocket: typeof WebSocket, localStorage: typeof localStorage, process: typeof process }),
};
(globalThis as { edge?: typeof api }).edge = api;
