// The import-graph helper the client's and the bridge's structure tests use: which text counts as an
// import, how relative specifiers resolve, and which cycles it names.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { describeCycle, findCycles, type ImportGraph, importGraph, moduleSpecifiers } from '../../src/index.js';

test('every kind of import counts, type-only ones included', () => {
  const code = `
import { a } from './a.js';
import type { B } from "./b.js";
import c, { type D } from './c.js';
import {
  e,
  f,
} from './ef.js';
import './side-effect.js';
export * from './star.js';
export { type G } from './g.js';
export type { H } from './h.js';
type I = typeof import('./i.js');
const j = await import('./j.js');
const k: import('./k.js').K = j;
import.meta.url;
`;
  assert.deepEqual(moduleSpecifiers(code), [
    './a.js',
    './b.js',
    './c.js',
    './ef.js',
    './side-effect.js',
    './star.js',
    './g.js',
    './h.js',
    './i.js',
    './j.js',
    './k.js',
  ]);
});

test('comments, strings, templates and regular expressions that look like imports are not imports', () => {
  const code = `
// import { x } from './line-comment.js';
/* export * from './block-comment.js'; import('./block.js') */
/** @see import('./doc.js') */
const s = "import { y } from './in-a-string.js'";
const t = \`from './in-a-template.js' \${ { from: 1 }.from } import('./template.js')\`;
const r = /from '.\\/in-a-regex.js'/g;
const half = 1 / 2; const q = "it's" + '/' + 'x';
Array.from('abc');
import { real } from './real.js';
`;
  assert.deepEqual(moduleSpecifiers(code), ['./real.js']);
});

function tree(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'import-graph-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

test('relative specifiers resolve to the .ts sources under the folder; packages and node: are left out', () => {
  const dir = tree({
    'index.ts': "export * from './api/client.js';\nimport { readFileSync } from 'node:fs';\nimport 'ws';",
    'api/client.ts': "import type { T } from '../codec/index.js';\nimport { x } from '../../outside.js';",
    'codec/index.ts': "export * from './reader.js';",
    'codec/reader.ts': 'export const r = 1;',
  });
  try {
    assert.deepEqual(
      importGraph(dir),
      new Map([
        ['api/client.ts', ['codec/index.ts']],
        ['codec/index.ts', ['codec/reader.ts']],
        ['codec/reader.ts', []],
        ['index.ts', ['api/client.ts']],
      ]),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('cycles are named as paths from their first file back to it, one per tangle, with its other files', () => {
  const graph: ImportGraph = new Map([
    ['api/options.ts', ['api/reattach.ts']],
    ['api/reattach.ts', ['api/session-keeper.ts', 'codec/reader.ts']],
    ['api/session-keeper.ts', ['api/options.ts']],
    ['codec/reader.ts', []],
    ['hub.ts', ['relay.ts']],
    ['relay.ts', ['hub.ts']],
    ['self.ts', ['self.ts']],
    ['w.ts', ['x.ts']],
    ['x.ts', ['w.ts', 'y.ts']],
    ['y.ts', ['x.ts']],
  ]);
  assert.deepEqual(findCycles(graph).map(describeCycle), [
    'api/options.ts → api/reattach.ts → api/session-keeper.ts → api/options.ts',
    'hub.ts → relay.ts → hub.ts',
    'self.ts → self.ts',
    'w.ts → x.ts → w.ts (tangled with y.ts)',
  ]);
  assert.deepEqual(
    findCycles(
      new Map([
        ['a.ts', ['b.ts']],
        ['b.ts', []],
      ]),
    ),
    [],
  );
});
