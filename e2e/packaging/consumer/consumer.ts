// A consumer of both packages' published types: typechecked (strict, skipLibCheck off) in a folder
// where the tarballs were installed, so every declaration it reaches is checked too.
import { type Bridge, type BridgeOptions, PROTOCOL_VERSION, startBridge } from '@orientdb-edge/bridge';
import { InvalidArgumentError, OrientDB, OrientDBError, type OrientDBOptions, type Row } from '@orientdb-edge/client';
import { OrientDB as BrowserOrientDB } from '@orientdb-edge/client/browser';
import { BRIDGE_CLOSE, OPERATIONS } from '@orientdb-edge/client/protocol';
import { tcp } from '@orientdb-edge/client/tcp';

const options: BridgeOptions = { listen: '127.0.0.1:0', upstreams: ['127.0.0.1:2424'], allowOrigins: [] };
export async function handOff(): Promise<string[]> {
  const bridge: Bridge = await startBridge(options);
  const first = new OrientDB({ transport: tcp({ host: '127.0.0.1', port: 2424 }), tokenStore: null });
  await first.dbOpen('tinkerhome', 'reader', 'secret');
  const token: string = first.getSessionToken();
  const clientOptions: OrientDBOptions = { url: bridge.url, tokenStore: null };
  const second = new BrowserOrientDB(clientOptions);
  second.setSessionToken(token);
  const rows: Row[] = await second.query("SELECT status FROM Nodes WHERE zone = 'living-room'");
  await bridge.close();
  return rows.map((row) => String(row['status']));
}

export function describe(err: unknown): string {
  if (err instanceof InvalidArgumentError) return `bad argument: ${err.message}`;
  if (err instanceof OrientDBError) return `${err.name} ${err.code}`;
  return `protocol ${PROTOCOL_VERSION}, ${OPERATIONS.size} operations, close ${BRIDGE_CLOSE.PARK}`;
}
