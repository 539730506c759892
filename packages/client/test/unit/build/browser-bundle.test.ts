// The client bundles for browsers (platform=browser) with no Node module and no Buffer in our code;
// prints the minified and gzipped sizes (not asserted).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { browserBundle, clientRoot } from '../../../scripts/build-config.js';

const NODE_MODULES = /^(node:|net$|tls$|buffer$|fs$|path$|crypto$|stream$|events$|os$|zlib$|util$|child_process$)/;

test('src/index.ts bundles for the browser without Node modules', async (t) => {
  const result = await build({ ...browserBundle, sourcemap: false, write: false, metafile: true, logLevel: 'silent' });
  const inputs = Object.keys(result.metafile.inputs);
  const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
  assert.deepEqual(
    imports.filter((p) => NODE_MODULES.test(p)),
    [],
    'a Node module is imported',
  );
  assert.ok(inputs.some((p) => p.endsWith('src/index.ts')));
  assert.ok(!inputs.some((p) => p.endsWith('transport/tcp.ts')), 'the tcp transport leaked into the browser bundle');
  const ours = inputs.filter((p) => p.startsWith('src/'));
  for (const file of ours) {
    const text = readFileSync(join(clientRoot, file), 'utf8')
      .replace(/\/\/.*$/gm, '')
      .replace(/\/\*[\s\S]*?\*\//g, '');
    assert.doesNotMatch(text, /\bBuffer\b/, `${file} uses Buffer`);
    assert.doesNotMatch(text, /from ['"](node:|net|buffer)['"]/, `${file} imports a Node module`);
  }
  const code = result.outputFiles[0]!.contents;
  assert.doesNotMatch(new TextDecoder().decode(code), /require\(["'](node:|net|buffer)/);
  const gz = gzipSync(code, { level: 9 }).length;
  const msgpackr = inputs
    .filter((p) => p.includes('msgpackr'))
    .reduce(
      (n, p) => n + result.metafile.outputs[Object.keys(result.metafile.outputs)[0]!]!.inputs[p]!.bytesInOutput,
      0,
    );
  t.diagnostic(
    `browser bundle: ${code.length} B minified, ${gz} B gzipped (${ours.length} source files; msgpackr ${msgpackr} B of the minified output)`,
  );
  console.log(`browser bundle: ${code.length} B minified, ${gz} B gzipped; msgpackr ${msgpackr} B minified`);
});
