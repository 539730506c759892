import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Metrics, prometheusText } from '../../src/metrics.js';

test('Prometheus text has HELP/TYPE per family and labelled samples', () => {
  const m = new Metrics();
  m.connectionsOpen = 3;
  m.bytesUpstreamToClient = 1234;
  m.closes.parked = 2;
  m.refusedUpgrades.origin = 5;
  m.upstreamErrors.connect = 1;
  const text = prometheusText(m.snapshot(), 4096, '9.9.9');
  const lines = text.trimEnd().split('\n');
  assert.ok(lines.includes('orientdb_bridge_connections_open 3'));
  assert.ok(lines.includes('orientdb_bridge_bytes_total{direction="upstream_to_client"} 1234'));
  assert.ok(lines.includes('orientdb_bridge_closes_total{reason="parked"} 2'));
  assert.ok(lines.includes('orientdb_bridge_upgrades_refused_total{reason="origin"} 5'));
  assert.ok(lines.includes('orientdb_bridge_upstream_errors_total{kind="connect"} 1'));
  assert.ok(lines.includes('orientdb_bridge_build_info{version="9.9.9"} 1'));
  assert.ok(lines.includes('process_resident_memory_bytes 4096'));
  for (const line of lines) assert.match(line, /^(# (HELP|TYPE) [a-z_]+ .+|[a-z_]+(\{[a-z_]+="[^"]*"\})? \d+)$/);
  const types = lines.filter((l) => l.startsWith('# TYPE')).map((l) => l.split(' ')[2]);
  assert.equal(new Set(types).size, types.length);
  assert.ok(text.endsWith('\n'));
});

test('a snapshot is a copy', () => {
  const m = new Metrics();
  const s = m.snapshot();
  m.closes.drain++;
  assert.equal(s.closes.drain, 0);
});
