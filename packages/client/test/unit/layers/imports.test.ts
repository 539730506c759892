// The layer rule of design.md, checked on the sources: codec imports nothing above it; transport
// knows nothing of session or api; session stays below api and tokens; no node: module or Buffer
// outside the TCP transport. And no import cycles, type-only imports included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeCycle, findCycles, importGraph, moduleSpecifiers } from '@orientdb-edge/testkit';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '../../../src');
/** The TCP transport and the file token store (subpaths ./tcp and ./file-store) alone use node: modules. */
const NODE_ALLOWED = new Set(['transport/tcp.ts', 'tcp.ts', 'tokens/file-token-store.ts']);
/** The Workers transport and its subpath alone use the Workers runtime's own socket module. */
const CLOUDFLARE_ALLOWED = new Set(['transport/cloudflare.ts', 'cloudflare.ts']);

/** What each layer may import (folders under src, or top-level files). */
const ALLOWED: Record<string, string[]> = {
  codec: ['codec', 'errors.ts'],
  transport: ['transport', 'codec', 'errors.ts', 'lazy.ts'],
  session: ['session', 'transport', 'codec', 'errors.ts', 'lazy.ts'],
  tokens: ['tokens', 'codec', 'errors.ts'],
  api: ['api', 'session', 'tokens', 'transport', 'codec', 'errors.ts', 'lazy.ts'],
};

function sources(): string[] {
  return (readdirSync(src, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).sort();
}

function imports(file: string): string[] {
  return moduleSpecifiers(readFileSync(join(src, file), 'utf8'));
}

const layerOf = (path: string) => path.split('/')[0]!;

test('the client has sources in every layer', () => {
  const layers = new Set(sources().map(layerOf));
  for (const layer of Object.keys(ALLOWED)) assert.ok(layers.has(layer), layer);
});

for (const file of sources()) {
  const layer = layerOf(file);
  if (!(layer in ALLOWED)) continue;
  test(`${file} imports only what its layer may`, () => {
    for (const spec of imports(file)) {
      if (spec === 'cloudflare:sockets') {
        assert.ok(CLOUDFLARE_ALLOWED.has(file), `${file} imports ${spec}`);
        continue;
      }
      if (spec.startsWith('node:') || !spec.startsWith('.')) {
        assert.ok(NODE_ALLOWED.has(file), `${file} imports the module ${spec}`);
        continue;
      }
      const target = relative(src, resolve(dirname(join(src, file)), spec)).replace(/\.js$/, '.ts');
      const targetLayer = target.includes('/') ? layerOf(target) : target;
      assert.ok(ALLOWED[layer]!.includes(targetLayer), `${file} (layer ${layer}) imports ${target}`);
    }
  });
}

test('no Buffer outside the TCP transport', () => {
  for (const file of sources()) {
    if (NODE_ALLOWED.has(file)) continue;
    const code = readFileSync(join(src, file), 'utf8')
      .replace(/\/\/.*$/gm, '')
      .replace(/\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(code, /\bBuffer\b/, file);
  }
});

test('no import cycles in the client, type-only imports included', () => {
  const cycles = findCycles(importGraph(src)).map(describeCycle);
  assert.deepEqual(cycles, [], `import cycles under packages/client/src:\n  ${cycles.join('\n  ')}`);
});
