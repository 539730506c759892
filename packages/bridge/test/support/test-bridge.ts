// A bridge for one test on loopback: any free port, upgrades without an Origin, no logs, and no policy:
// these tests drive the relay's byte mechanics with hand-written bytes (root logins, server operations,
// a fake peer's garbage); the policy's own tests (policy.test.ts, stolen-resume.test.ts) turn it on.
// `extra` sets what the test is about.
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
    policy: false,
    ...extra,
  });
}
