// The bridge's sources have no import cycles, type-only imports included.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { describeCycle, findCycles, importGraph } from '@orientdb-edge/testkit';

const src = fileURLToPath(new URL('../../src', import.meta.url));

test('no import cycles in the bridge, type-only imports included', () => {
  const cycles = findCycles(importGraph(src)).map(describeCycle);
  assert.deepEqual(cycles, [], `import cycles under packages/bridge/src:\n  ${cycles.join('\n  ')}`);
});
