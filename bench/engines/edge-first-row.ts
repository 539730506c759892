// An edge function for Vercel's edge-runtime: `login` opens a session through the bridge and parks its
// connection; `reattach` is one invocation that takes the session by token (resuming the parked
// connection), reads the rows and parks the connection again, timed from the invocation's start to
// the first row.
import { OrientDB } from '@orientdb-edge/client';

interface Params {
  bridge: string;
  db?: string;
  user?: string;
  password?: string;
  token?: string;
}

const rows = (client: OrientDB) => client.query('SELECT name FROM Nodes ORDER BY name');

const api = {
  async login(p: Params) {
    const client = new OrientDB({ url: p.bridge, tokenStore: null, keepAlive: false });
    await client.dbOpen(p.db!, p.user!, p.password!);
    await rows(client);
    const token = client.getSessionToken();
    return { token, parked: client.park() };
  },
  async reattach(p: Params) {
    const started = performance.now();
    const client = new OrientDB({ url: p.bridge, tokenStore: null, keepAlive: false });
    client.setSessionToken(p.token!);
    await rows(client);
    const firstRowMs = performance.now() - started;
    const via = client.session?.via;
    return { firstRowMs, via, token: client.getSessionToken(), parked: client.park() };
  },
};
(globalThis as { edge?: typeof api }).edge = api;
