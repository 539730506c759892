// The browser bundle (the `./browser` export, built by scripts/browser-bundle.ts as build.ts writes it):
// built for platform=browser with no Node module and no Buffer in our code; what only servers use (the
// subpaths other than `.`, `./browser` and `./protocol`: TCP, pool, file token store...) stays out of it;
// it exports the public API and its error classes keep their names once minified; the parts loaded on
// first use (src/lazy.ts) are files of their own, named as a ChunkLoadError names them; and what a page
// loads to open or reattach a session and query stays within 30 KiB gzipped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, normalize } from 'node:path';
import { pathToFileURL } from 'node:url';
import { moduleSpecifiers } from '@orientdb-edge/testkit';
import { type BrowserBundle, buildBrowserBundle } from '../../../scripts/browser-bundle.js';
import { BROWSER_BUNDLE, clientRoot, loadedWithEntry } from '../../../scripts/build-config.js';
import { TX_COMMIT_REQUEST_READER } from '../../../src/codec/operations/transactions.js';
import { Reader } from '../../../src/codec/reader.js';
import { i16 } from '../codec/operations/fixtures.js';
import { hex, loggedInClient, i32, i64, okFrame, reloadAnswer, written as writtenTo } from '../session/harness.js';
import {
  REQUEST_TX_COMMIT as TX_COMMIT,
  REQUEST_DB_RELOAD as DB_RELOAD,
} from '../../../src/codec/operations/opcodes.js';

const BUDGET_GZIP_BYTES = 30 * 1024;
const SID = 9;
const NODE_MODULES = /^(node:|net$|tls$|buffer$|fs$|path$|crypto$|stream$|events$|os$|zlib$|util$|child_process$)/;
/** Subpaths a page may import besides the bundle itself. */
const PAGE_SUBPATHS = new Set(['.', './browser', './protocol', './package.json']);

let bundled: Promise<BrowserBundle> | undefined;
const bundle = () => {
  bundled ??= buildBrowserBundle({ logLevel: 'silent' });
  return bundled;
};

/** Every output file, by its path relative to the client (dist/...). */
async function outputs(): Promise<Map<string, Uint8Array>> {
  return (await bundle()).files;
}

/** The bundle written to a folder of its own; `without` leaves those files out. */
async function written(without: string[] = []): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'orientdb-edge-bundle-'));
  for (const [path, contents] of await outputs()) {
    if (!without.includes(basename(path))) writeFileSync(join(dir, basename(path)), contents);
  }
  return dir;
}

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
  for (const [path, code] of await outputs()) {
    const text = new TextDecoder().decode(code);
    assert.doesNotMatch(text, /require\(["'](node:|net|buffer)/, path);
    // What only Node, Deno or Bun run is left out (__ORIENTDB_EDGE_BROWSER_BUNDLE__): ws's refused
    // upgrade, Deno's timer refs, the runtimes' texts of a failed upgrade.
    assert.doesNotMatch(text, /unexpected-response|refTimer|ECONNREFUSED/, path);
  }
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

test('the bundle exports the public API, and its error classes keep their names once minified', async () => {
  const dir = await written();
  try {
    const bundleModule = (await import(pathToFileURL(join(dir, `${BROWSER_BUNDLE}.js`)).href)) as Record<
      string,
      unknown
    >;
    // Besides these, the entry exports under short names what the lazy files use of it (page-chunk-entry.ts).
    const api = Object.keys(await import('../../../src/index.js'));
    assert.deepEqual(
      api.filter((name) => !(name in bundleModule)),
      [],
      'public names the bundle does not export',
    );
    // Any argument list: a callable stand-in that is every property of itself and converts to a string.
    const anything: unknown = new Proxy(() => {}, {
      get: (_target, key) =>
        key === Symbol.toPrimitive ? () => 'x' : key === Symbol.iterator || key === 'then' ? undefined : anything,
      apply: () => anything,
    });
    const errorClasses = api
      .map((name) => [name, bundleModule[name]])
      .filter(
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
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('each part loaded on first use is a file named after its module that exports its names; a page loads the entry alone', async () => {
  const { metafile } = await bundle();
  const dynamic = Object.values(metafile.outputs).flatMap((o) =>
    o.imports.filter((i) => i.kind === 'dynamic-import').map((i) => i.path),
  );
  assert.ok(dynamic.length >= 5, `only ${dynamic.length} modules are loaded on first use`);
  const dir = await written();
  try {
    for (const path of new Set(dynamic)) {
      // src/lazy.ts names `orientdb-edge.browser.<module>.js` in a ChunkLoadError: the file must be that.
      const entryPoint = metafile.outputs[path]!.entryPoint!.replace(/^lazy-entry:/, '');
      const module = basename(entryPoint, '.ts');
      assert.equal(path, `dist/${BROWSER_BUNDLE}.${module}.js`, `${entryPoint} is loaded from ${path}`);
      // Loaded from beside the entry, the file links (the entry exports every name it imports) and
      // exports its module's names: the build keeps those and drops its re-exports of the bundle's API
      // (build-config.ts, page-chunk-entry.ts), so a module loaded on first use exports no public name.
      const names = Object.keys(await import(pathToFileURL(entryPoint).href)).sort();
      const file = Object.keys(await import(pathToFileURL(join(dir, basename(path))).href)).sort();
      assert.deepEqual(file, names, `${path} does not export what ${entryPoint} exports`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  // One request before the first query: the entry carries the page's code (page-chunk-entry.ts).
  assert.deepEqual(loadedWithEntry(metafile), [`dist/${BROWSER_BUNDLE}.js`]);
});

/**
 * Runs `check` on the bundle written without the file of the lazily loaded `module`: the bundle's API
 * (imported from that folder), the missing file's URL (what a ChunkLoadError names), and `restore()`,
 * which writes the file back.
 */
async function withoutLazyFile(
  module: string,
  check: (b: typeof import('../../../src/index.js') & { url: string; restore(): Promise<void> }) => Promise<void>,
): Promise<void> {
  const missing = `${BROWSER_BUNDLE}.${module}.js`;
  const dir = await written([missing]);
  try {
    const api = (await import(
      pathToFileURL(join(dir, `${BROWSER_BUNDLE}.js`)).href
    )) as typeof import('../../../src/index.js');
    const restore = async () => writeFileSync(join(dir, missing), (await outputs()).get(`dist/${missing}`)!);
    await check({ ...api, url: pathToFileURL(join(dir, missing)).href, restore });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A client of the bundle's `OrientDB` with no session, over a transport that never connects. */
function unconnected(Client: typeof import('../../../src/index.js').OrientDB) {
  return new Client({
    transport: { kind: 'memory', endpoint: 'memory:test', connect: () => Promise.reject(new Error('unused')) },
    tokenStore: null,
  });
}

test('a part that does not load fails its call with a ChunkLoadError naming the file, and loads on the next call', async () => {
  await withoutLazyFile('records', async ({ OrientDB, url, restore }) => {
    const client = unconnected(OrientDB);
    const error = await client.recordLoad('#12:0').then(
      () => assert.fail('recordLoad worked without its code'),
      (e: { name: string; code: string; url: string; message: string }) => e,
    );
    assert.equal(error.name, 'ChunkLoadError');
    assert.equal(error.code, 'ERR_CHUNK_LOAD');
    assert.equal(error.url, url);
    assert.match(error.message, /every file of the package's dist\/ folder is served beside the bundle/);
    // Now there: the call gets past the loading, to the session this client does not have.
    await restore();
    await assert.rejects(client.recordLoad('#12:0'), { name: 'SessionExpiredError' });
  });
});

test("with a 'query' listener, a query or stream whose event code does not load fails with ChunkLoadError, and loads it on the next call", async () => {
  await withoutLazyFile('query-observer', async ({ OrientDB, url, restore }) => {
    const client = unconnected(OrientDB);
    // Without a listener nothing asks for the event code: the call gets to the missing session.
    await assert.rejects(client.query('SELECT 1'), { name: 'SessionExpiredError' });
    // Registering the listener starts the load; its failure is the calls' to report, not an unhandled rejection.
    client.on('query', () => undefined);
    await assert.rejects(client.query('SELECT 1'), { name: 'ChunkLoadError', code: 'ERR_CHUNK_LOAD', url });
    const unread = client.stream('SELECT 1'); // never read: its failed load must not surface as unhandled
    await assert.rejects(client.stream('SELECT 1').toArray(), { name: 'ChunkLoadError', url });
    assert.ok(unread);
    await restore();
    await assert.rejects(client.query('SELECT 1'), { name: 'SessionExpiredError' });
  });
});

test('a batch transaction whose code does not load: tx() rejects with ChunkLoadError, sends nothing, and loads it when asked again', async () => {
  await withoutLazyFile('transaction', async ({ OrientDB, url, restore }) => {
    const { client, peer } = await loggedInClient(OrientDB);

    await assert.rejects(client.tx(), { name: 'ChunkLoadError', code: 'ERR_CHUNK_LOAD', url });
    assert.equal(peer.writes.filter((w) => w[0] === TX_COMMIT).length, 0, 'no TX_COMMIT went out without its code');

    await restore();
    const tx = await client.tx();
    const created = tx.create('Node', { name: 'a' });
    tx.delete('#10:5', { version: 7 });
    const committing = tx.commit();
    await writtenTo(peer, TX_COMMIT);
    const r = new Reader(peer.writes.find((w) => w[0] === TX_COMMIT)!);
    r.byte(); // the request header: opcode, session id, token
    r.int();
    r.bytesField();
    const { operations } = TX_COMMIT_REQUEST_READER('handshake')(r);
    assert.deepEqual(
      operations!.map((op) => [op.type, String(op.rid)]),
      [
        ['create', String(created)],
        ['delete', '#10:5'],
      ],
    );
    const rid = (cluster: number, position: number) => i16(cluster) + i64(position);
    const answer = `${i32(1)}${rid(-1, -2)}${rid(20, 0)}${i32(1)}${i32(0)}${i32(1)}${rid(10, 5)}${i32(0)}`;
    const zone = peer.writes.some((w) => w[0] === DB_RELOAD) ? reloadAnswer(SID) : '';
    peer.push(hex(zone + okFrame(SID, TX_COMMIT, answer)));
    assert.equal(String((await committing).ridOf(created)), '#20:0');
    await client.close();
  });
});

test('the server session: its token is set, read and dropped without its code; its calls load it', async () => {
  await withoutLazyFile('server-session', async ({ OrientDB, url, restore }) => {
    const { encodeSessionHandle } = await import('../../../src/api/session-token.js');
    const client = unconnected(OrientDB);
    await assert.rejects(client.serverQuery('EXISTS DATABASE x'), { name: 'ChunkLoadError', url });
    await assert.rejects(client.dbList(), { name: 'ChunkLoadError', url });
    await assert.rejects(client.connect('root', 'pw'), { name: 'ChunkLoadError', url });
    const token = encodeSessionHandle({
      kind: 'server',
      sessionId: 7,
      token: new Uint8Array([1, 2, 3]),
      database: '',
      resumeId: '',
    });
    client.setSessionToken(token);
    assert.equal(client.getSessionToken(), token, 'the server token is kept while the code is not there');
    await client.close({ logout: true });
    assert.equal(client.getSessionToken(), '', 'and forgotten by close({ logout: true })');
    await restore();
    // Loaded now: the call gets to the session, which knows the client is closed.
    await assert.rejects(client.serverQuery('EXISTS DATABASE x'), { name: 'ClientClosedError' });
  });
});

test('a refused upgrade whose explanation does not load still fails with UpgradeRefusedError, saying so', async () => {
  await withoutLazyFile('upgrade-messages', async ({ websocket, url }) => {
    // What a browser shows of any refused upgrade: a close with 1006 and nothing else.
    class RefusedWebSocket {
      binaryType = 'blob';
      readonly protocol = '';
      readonly #listeners = new Map<string, (event: unknown) => void>();
      constructor() {
        setTimeout(() => this.#listeners.get('close')?.({ code: 1006, reason: '' }), 0);
      }
      send(): void {}
      close(): void {}
      addEventListener(type: string, listener: (event: unknown) => void): void {
        this.#listeners.set(type, listener);
      }
    }
    const transport = websocket('ws://127.0.0.1:9/bridge', { WebSocket: RefusedWebSocket, connectTimeoutMs: 50 });
    const error = await transport.connect({ data() {}, closed() {} }).then(
      () => assert.fail('connected'),
      (e: { name: string; retryable: boolean; message: string; cause?: { name: string; url: string } }) => e,
    );
    assert.equal(error.name, 'UpgradeRefusedError');
    assert.equal(error.retryable, true);
    assert.equal(error.cause?.name, 'ChunkLoadError');
    assert.equal(error.cause?.url, url);
    assert.ok(
      error.message.startsWith('the WebSocket to ws://127.0.0.1:9/bridge could not be opened (1006)'),
      error.message,
    );
    assert.ok(error.message.includes(url), error.message);
  });
});

test('what a page loads to open or reattach a session and query is at most 30 KiB gzipped', async (t) => {
  // Counted: the entry (orientdb-edge.browser.js) and every file it imports statically, each gzipped on
  // its own (-9) as a server sends them; those are all a page loads until it uses a part loaded on
  // first use (a statement's parameters, transactions and batches, live queries, record calls, the
  // token-only reattach route, the administration calls, the 'query' event, the text of a refused
  // upgrade). Those files are listed apart, not counted.
  const { metafile } = await bundle();
  const files = await outputs();
  const gzipped = (path: string) => gzipSync(files.get(path)!, { level: 9 }).length;
  const loaded = loadedWithEntry(metafile);
  const minified = loaded.reduce((sum, path) => sum + files.get(path)!.length, 0);
  const total = loaded.reduce((sum, path) => sum + gzipped(path), 0);
  const describe = (path: string) => `${basename(path)} ${files.get(path)!.length} B (${gzipped(path)} B gzipped)`;
  t.diagnostic(`loaded with the page: ${minified} B minified, ${total} B gzipped (budget ${BUDGET_GZIP_BYTES} B)`);
  t.diagnostic(`  ${loaded.map(describe).join(', ')}`);
  const later = [...files.keys()].filter((path) => path.endsWith('.js') && !loaded.includes(path));
  const laterGzipped = later.reduce((sum, path) => sum + gzipped(path), 0);
  t.diagnostic(`loaded on first use: ${laterGzipped} B gzipped in all: ${later.map(describe).join(', ')}`);
  const parameters = loadedWithEntry(metafile, `dist/${BROWSER_BUNDLE}.query-parameters.js`);
  const withParameters = parameters.filter((path) => !loaded.includes(path));
  const parametersGzipped = withParameters.reduce((sum, path) => sum + gzipped(path), 0);
  t.diagnostic(`and with the first statement that has parameters: ${total + parametersGzipped} B gzipped`);
  assert.ok(total <= BUDGET_GZIP_BYTES, `${total} B gzipped is over the budget of ${BUDGET_GZIP_BYTES} B`);
});
