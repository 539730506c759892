// Our client as users install it: the built dist/ (what the published package exports), not the
// TypeScript sources the workspace resolves to, which tsx compiles with keepNames (a cost no user pays).
// `pnpm bench` builds the client before it starts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type * as Client from '@orientdb-edge/client';
import type * as ClientPool from '@orientdb-edge/client/pool';
import type * as ClientTcp from '@orientdb-edge/client/tcp';

const dist = new URL('../../packages/client/dist/', import.meta.url);
if (!existsSync(fileURLToPath(new URL('index.js', dist))))
  throw new Error('packages/client/dist is missing: run `pnpm --filter @orientdb-edge/client build` (pnpm bench does)');

export const { OrientDB, MemoryTokenStore } = (await import(new URL('index.js', dist).href)) as typeof Client;
export const { tcp } = (await import(new URL('tcp.js', dist).href)) as typeof ClientTcp;
export const { pool } = (await import(new URL('pool.js', dist).href)) as typeof ClientPool;
export type OrientDB = Client.OrientDB;
