// Our client over TCP (@orientdb-edge/client/tcp).
import { tcp } from '../lib/client-dist.js';
import { oursContestant } from './ours.js';
import type { BenchContext, Contestant } from './types.js';

export function oursTcpContestant(ctx: BenchContext): Contestant {
  return oursContestant(ctx, 'ours-tcp', 'ours over TCP', (tokenStore) => ({
    transport: tcp({ host: ctx.host, port: ctx.port }),
    tokenStore,
  }));
}
