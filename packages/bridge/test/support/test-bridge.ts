// A bridge for one test on loopback: any free port, upgrades without an Origin, no logs. `extra` sets
// what the test is about.
import { startBridge, type Bridge, type BridgeOptions } from '../../src/index.js';

export function testBridge(
  upstream: { host: string; port: number },
  extra: Partial<BridgeOptions> = {},
): Promise<Bridge> {
  return startBridge({
    listen: '127.0.0.1:0',
    upstreams: [`${upstream.host}:${upstream.port}`],
    allowMissingOrigin: true,
    logLevel: 'silent',
    ...extra,
  });
}
