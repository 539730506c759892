// esbuild writes the code a page loads to a chunk that every lazily loaded file imports (build-config.ts),
// and makes orientdb-edge.browser.js a file of re-exports of it: one more request, which the browser only
// makes once the entry has arrived, and about 600 B gzipped. esbuild cannot make an entry point carry the
// code it shares with other entry points, so this step does it on esbuild's output: the chunk becomes the
// entry, and the files that imported the chunk import the entry instead. esbuild bundles the files again
// (the entry with the chunk inside; each other file to drop what it no longer uses); acorn reads the
// files' import and export statements, and two of them are rewritten from what it read.
import { type ExportNamedDeclaration, type ImportDeclaration, parse, type Program } from 'acorn';
import { build, type Metafile, type Plugin } from 'esbuild';
import { join, posix } from 'node:path';

type Output = Metafile['outputs'][string];

export interface BundleOutput {
  /** Each output file's text by its path relative to absWorkingDir (dist/...), as in metafile.outputs. */
  code: Map<string, string>;
  metafile: Metafile;
  /** The entry a page imports (dist/orientdb-edge.browser.js). */
  entry: string;
  absWorkingDir: string;
  target: string | string[] | undefined;
}

/**
 * Folds the chunk that `entry` imports statically into it, in `code` and `metafile` (whose outputs then
 * describe the files as they are; the entry takes over the chunk's `inputs`). The entry exports its
 * public names, and under the chunk's own names what the lazy files use that has no public name; the
 * lazy files import from it by public name where there is one. Each lazily loaded file keeps only its
 * module's own exports: its re-exports of the bundle's API only served to keep the page's code in one
 * chunk (build-config.ts).
 */
export async function foldPageChunkIntoEntry(bundle: BundleOutput): Promise<void> {
  const { code, metafile, entry } = bundle;
  const chunks = metafile.outputs[entry]!.imports.filter((i) => i.kind === 'import-statement' && !i.external);
  if (chunks.length === 0) return;
  if (chunks.length > 1) {
    throw new Error(
      `${entry} imports ${chunks.length} chunks (${chunks.map((i) => i.path).join(', ')}), whose export names ` +
        'would clash in one file: check that every lazily loaded module re-exports the bundle (build-config.ts)',
    );
  }
  const chunk = chunks[0]!.path;
  const entryOutput = metafile.outputs[entry]!;
  const chunkOutput = metafile.outputs[chunk]!;
  const publicName = publicNames(code.get(entry)!, entry, chunk);
  const publicExports = new Set(entryOutput.exports);
  const internal = chunkOutput.exports.filter((name) => !publicName.has(name));

  const merged = await rebundle(
    bundle,
    entry,
    `export * from ${JSON.stringify(entry)};\nexport { ${internal.join(', ')} } from ${JSON.stringify(chunk)};\n`,
    [entry, chunk],
  );
  const lost = [...entryOutput.exports, ...internal].filter((name) => !merged.exports.includes(name));
  if (lost.length > 0) throw new Error(`${entry} would lose the exports ${lost.join(', ')} (names that clash)`);
  code.set(entry, merged.text);
  code.delete(chunk);
  metafile.outputs[entry] = {
    ...entryOutput,
    inputs: mergedInputs(chunkOutput, entryOutput),
    imports: merged.imports,
    exports: merged.exports,
  };
  delete metafile.outputs[chunk];

  for (const [path, output] of Object.entries(metafile.outputs)) {
    if (path === entry || !path.endsWith('.js')) continue;
    // A lazily loaded file is an entry point (build-config.ts); an output that is not is a chunk of theirs.
    if (output.entryPoint) code.set(path, withoutExports(code.get(path)!, publicExports));
    const pruned = await rebundle(bundle, path, `export * from ${JSON.stringify(path)};\n`, [path]);
    code.set(path, importedFromEntry(pruned.text, path, { chunk, entry, publicName }));
    output.imports = pruned.imports.map((i) => (i.path === chunk ? { ...i, path: entry } : i));
    output.exports = pruned.exports;
  }
}

const parsed = (code: string): Program => parse(code, { ecmaVersion: 'latest', sourceType: 'module' });

/** `code` with each edit's range replaced by its text. */
function edited(code: string, edits: { start: number; end: number; text: string }[]): string {
  let out = code;
  for (const { start, end, text } of edits.sort((a, b) => b.start - a.start)) {
    out = out.slice(0, start) + text + out.slice(end);
  }
  return out;
}

/** An import or export name as read: an identifier, or a string (`export { x as "a b" }`). */
function nameOf(node: { type: string; name?: string; value?: unknown }): string {
  return node.type === 'Identifier' ? node.name! : String(node.value);
}

/** An import or export name as written. */
function written(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name);
}

/** The import declarations of `program` (the output file `path`) from the output file `from`. */
function importsOf(program: Program, path: string, from: string): ImportDeclaration[] {
  return program.body.filter(
    (s): s is ImportDeclaration =>
      s.type === 'ImportDeclaration' && posix.join(posix.dirname(path), String(s.source.value)) === from,
  );
}

/** chunk export name -> the public name the entry exports it as, from the entry's import and export statements. */
function publicNames(entryCode: string, entry: string, chunk: string): Map<string, string> {
  const program = parsed(entryCode);
  const imported = new Map<string, string>(); // local binding -> chunk name
  for (const declaration of importsOf(program, entry, chunk)) {
    for (const s of declaration.specifiers)
      if (s.type === 'ImportSpecifier') imported.set(s.local.name, nameOf(s.imported));
  }
  const exported = new Map<string, string>();
  for (const s of program.body.flatMap((st) => (st.type === 'ExportNamedDeclaration' ? st.specifiers : []))) {
    const chunkName = imported.get(nameOf(s.local));
    if (chunkName !== undefined && !exported.has(chunkName)) exported.set(chunkName, nameOf(s.exported));
  }
  return exported;
}

/** `code` without the exports named in `names` (a lazily loaded file's re-exports of the bundle's API). */
function withoutExports(code: string, names: Set<string>): string {
  const exportLists = parsed(code).body.filter(
    (s): s is ExportNamedDeclaration => s.type === 'ExportNamedDeclaration' && s.declaration == null,
  );
  return edited(
    code,
    exportLists.map((statement) => {
      const kept = statement.specifiers.filter((s) => !names.has(nameOf(s.exported)));
      const from = statement.source ? `from${JSON.stringify(statement.source.value)}` : '';
      const text =
        kept.length > 0 || from === ''
          ? `export{${kept.map((s) => code.slice(s.start, s.end)).join(',')}}${from};`
          : `import${JSON.stringify(statement.source!.value)};`;
      return { start: statement.start, end: statement.end, text };
    }),
  );
}

/** `code` (the output file `path`) importing from the entry what it imported from the chunk, by public name if any. */
function importedFromEntry(
  code: string,
  path: string,
  { chunk, entry, publicName }: { chunk: string; entry: string; publicName: Map<string, string> },
): string {
  const from = JSON.stringify(posix.relative(posix.dirname(path), entry).replace(/^(?!\.)/, './'));
  return edited(
    code,
    importsOf(parsed(code), path, chunk).map((declaration) => {
      const specifiers = declaration.specifiers.map((s) => {
        if (s.type !== 'ImportSpecifier') throw new Error(`${path}: unexpected ${s.type} of ${chunk}`);
        const name = nameOf(s.imported);
        return `${written(publicName.get(name) ?? name)} as ${s.local.name}`;
      });
      const text = specifiers.length > 0 ? `import{${specifiers.join(',')}}from${from};` : `import${from};`;
      return { start: declaration.start, end: declaration.end, text };
    }),
  );
}

function mergedInputs(...outputs: Output[]): Output['inputs'] {
  const inputs: Output['inputs'] = {};
  for (const output of outputs) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      inputs[path] = { bytesInOutput: (inputs[path]?.bytesInOutput ?? 0) + bytesInOutput };
    }
  }
  return inputs;
}

/**
 * The output file `path` made again by esbuild from `entryCode`, with the output files of `inline` (which
 * `entryCode` names by their paths, dist/...) bundled in, and every other import left as it is.
 */
async function rebundle(
  bundle: BundleOutput,
  path: string,
  entryCode: string,
  inline: string[],
): Promise<{ text: string; imports: Output['imports']; exports: string[] }> {
  const { code, absWorkingDir, target } = bundle;
  const plugin: Plugin = {
    name: 'bundle-output-files',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point') return { path: args.path, namespace: 'rebundle-entry' };
        const file = args.namespace === 'output-file' ? posix.join(posix.dirname(args.importer), args.path) : args.path;
        return inline.includes(file) ? { path: file, namespace: 'output-file' } : { path: args.path, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: 'rebundle-entry' }, () => ({ contents: entryCode, loader: 'js' }));
      b.onLoad({ filter: /.*/, namespace: 'output-file' }, (args) => ({
        contents: code.get(args.path)!,
        loader: 'js',
      }));
    },
  };
  const out = await build({
    absWorkingDir,
    entryPoints: [path],
    outfile: join(absWorkingDir, path),
    plugins: [plugin],
    bundle: true,
    write: false,
    metafile: true,
    format: 'esm',
    platform: 'browser',
    target,
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
  });
  const output = out.metafile.outputs[path]!;
  // A relative import is one of another output file, named as metafile.outputs names them.
  const imports = output.imports.map(({ path: imported, kind }) =>
    imported.startsWith('.')
      ? { path: posix.join(posix.dirname(path), imported), kind }
      : { path: imported, kind, external: true },
  );
  return { text: out.outputFiles[0]!.text, imports, exports: output.exports };
}
