// Our client in Node through the bridge (a child process), with the ws package's WebSocket.
import WebSocket from 'ws';
import { oursContestant } from './ours.js';
import type { BenchContext, Contestant } from './types.js';

export function oursBridgeContestant(ctx: BenchContext): Contestant {
  const url = ctx.bridgeUrl;
  if (!url) throw new Error('ours-bridge needs the bridge');
  return oursContestant(ctx, 'ours-bridge', 'ours via bridge (Node ws)', (tokenStore) => ({
    url,
    WebSocket: WebSocket as never,
    tokenStore,
  }));
}
