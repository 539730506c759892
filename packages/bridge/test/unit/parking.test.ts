// The parking lot's resume ids and the opening decisions built on them: fresh and live ids, a resume that
// overtakes its old socket's park and waits for it, and the refusals with their close codes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Socket } from 'node:net';
import { encodeBridgeHello } from '@orientdb-edge/client/protocol';
import { createLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { decideOpening, type Opening } from '../../src/opening.js';
import type { Upstream } from '../../src/options.js';
import { ParkingLot } from '../../src/parking.js';

const node = (port: number) => ({ host: '127.0.0.1', port, tls: false });
const DEFAULT: Upstream = { name: 'default', host: '127.0.0.1', port: 1, nodes: [node(1)] };
const EU: Upstream = { name: 'eu', host: '127.0.0.1', port: 2, nodes: [node(2)] };

function lot(max = 10, graceMs = 60_000) {
  const metrics = new Metrics();
  const parking = new ParkingLot(max, graceMs, metrics, createLogger('silent'));
  const upstream = (name: string | undefined) =>
    name === undefined ? DEFAULT : [DEFAULT, EU].find((u) => u.name === name);
  const open = (hello: { resume?: string; upstream?: string }) =>
    decideOpening(encodeBridgeHello({ v: 1, ...hello }), true, { parking, upstream });
  return { metrics, parking, open };
}

const kind = (o: Opening) => (o.kind === 'refuse' ? `refuse ${o.code} ${o.why}` : o.kind);

test('ids are fresh 128-bit base64url strings, live from issue until release or park', () => {
  const { parking } = lot();
  const ids = new Set(Array.from({ length: 100 }, () => parking.issue()));
  assert.equal(ids.size, 100);
  for (const id of ids) assert.match(id, /^[A-Za-z0-9_-]{22}$/);
  const [a, b] = [...ids] as [string, string];
  assert.equal(parking.pending(a), true);
  parking.release(a);
  assert.equal(parking.pending(a), false);
  const tcp = new Socket();
  parking.park(b, tcp, DEFAULT);
  assert.equal(parking.pending(b), false, 'parked, no longer on its way');
  assert.equal(parking.take(b)?.tcp, tcp);
  assert.equal(parking.take(b), undefined, 'a taken id is dead');
  tcp.destroy();
});

test('fresh connections go to the named or default upstream; an unknown name is 4502 like an unreachable one, an unknown id 4404', () => {
  const { open } = lot();
  const fresh = open({});
  assert.ok(fresh.kind === 'connect' && fresh.upstream === DEFAULT);
  const named = open({ upstream: 'eu' });
  assert.ok(named.kind === 'connect' && named.upstream === EU);
  const unknown = open({ upstream: 'nope' });
  assert.equal(kind(unknown), 'refuse 4502 unknown_upstream');
  assert.ok(unknown.kind === 'refuse' && unknown.reason === 'upstream unreachable', 'the page learns nothing more');
  assert.ok(unknown.kind === 'refuse' && unknown.detail === 'unknown upstream "nope"', 'the log does');
  assert.equal(kind(open({ resume: 'x'.repeat(22) })), 'refuse 4404 unknown_resume');
});

test('a resume takes the parked upstream once, and only for its own upstream (a mismatch leaves it parked)', () => {
  const { parking, metrics, open } = lot();
  const tcp = new Socket();
  const id = parking.issue();
  parking.park(id, tcp, EU);
  const resumed = open({ resume: id, upstream: 'eu' });
  assert.ok(resumed.kind === 'resume' && resumed.parked.tcp === tcp && resumed.parked.upstream === EU);
  assert.equal(kind(open({ resume: id })), 'refuse 4404 unknown_resume');
  const other = new Socket();
  const id2 = parking.issue();
  parking.park(id2, other, EU);
  assert.equal(kind(open({ resume: id2, upstream: 'default' })), 'refuse 4404 unknown_resume');
  assert.equal(other.destroyed, false, 'a mismatched resume leaves the parked upstream to its owner');
  assert.equal(kind(open({ resume: id2, upstream: 'eu' })), 'resume');
  assert.equal(metrics.parks.resumed, 2);
  tcp.destroy();
  other.destroy();
});

test('a resume that overtakes its old socket waits for the park, or for the release, then decides', async () => {
  const { parking, open } = lot();
  const id = parking.issue();
  const waiting = open({ resume: id });
  assert.equal(waiting.kind, 'wait');
  const tcp = new Socket();
  parking.park(id, tcp, DEFAULT);
  if (waiting.kind !== 'wait') return;
  await waiting.settled;
  const after = waiting.retry();
  assert.ok(after.kind === 'resume' && after.parked.tcp === tcp);
  tcp.destroy();

  const gone = parking.issue();
  const late = open({ resume: gone });
  assert.equal(late.kind, 'wait');
  parking.release(gone);
  if (late.kind !== 'wait') return;
  await late.settled;
  assert.equal(kind(late.retry()), 'refuse 4404 unknown_resume');
});
