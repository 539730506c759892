// Proof from the tarballs: both packages packed as they would be published (scripts/pack.ts), linted
// (publint; attw with the esm-only profile, every subpath of `exports`), installed with npm into a
// folder outside the workspace, and from there only: a consumer and the READMEs' code blocks
// typecheck against the published declarations; Deno finds the types of dist/*.js imported by path;
// the installed `orientdb-edge-bridge` CLI runs on plain Node; the seed scenario (process A logs in
// and hands its token over, process B queries without credentials) runs in Node over TCP and through
// the bridge, in Deno and in Bun; and a plain page imports the installed browser bundle in Chromium.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, normalize } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { repoRoot, sqlOverHttp, type ServerInfo, type TestDatabase } from '@orientdb-edge/testkit';
import { packAll, type Packed, type PackageKey } from '../../scripts/pack.js';
import { launchChromium } from '../support/browser.js';
import { nodesDatabase, sharedServer } from '../support/fixtures.js';
import { installTarballs, type Consumer } from './install.js';
import { readmeBlocks } from './readme-blocks.js';

const run = promisify(execFile);
/** Subpaths for another runtime only (they import its own modules, e.g. `cloudflare:sockets`). */
const NOT_FOR_NODE = new Set(['@orientdb-edge/client/cloudflare']);
const bin = (name: string) => join(repoRoot, 'node_modules/.bin', name);

let packed: Record<PackageKey, Packed>;
let consumer: Consumer;
let server: ServerInfo;
let db: TestDatabase;
let bridge: { child: ChildProcess; url: string; version: string };
let web: { server: Server; origin: string };
let packDir: string;

before(async () => {
  const started = performance.now();
  packDir = mkdtempSync(join(tmpdir(), 'orientdb-edge-tarballs-'));
  packed = packAll(packDir);
  const packedMs = performance.now() - started;
  consumer = await installTarballs(packed);
  console.log(
    `packaging: built and packed in ${Math.round(packedMs)} ms, npm install in ${Math.round(consumer.installMs)} ms`,
  );
  server = await sharedServer();
  db = await nodesDatabase(server);
  await sqlOverHttp(server, db, "UPDATE Nodes SET status = 'on' WHERE name = 'lamp'");
  web = await serveFolder(consumer.dir);
  bridge = await startInstalledBridge(web.origin);
});

after(async () => {
  bridge?.child.kill('SIGTERM');
  if (bridge) await once(bridge.child, 'exit');
  web?.server.close();
  await db?.drop();
  consumer?.remove();
  if (packDir) rmSync(packDir, { recursive: true, force: true });
});

/** The living room's statuses after the UPDATE above: fan off, lamp on. */
const LIVING_ROOM = ['off', 'on'];

test('the tarballs carry the built files, declarations, README, LICENSE and CHANGELOG, and nothing else', (t) => {
  const license = readFileSync(join(repoRoot, 'LICENSE'), 'utf8');
  assert.match(license, /Apache License\s+Version 2\.0, January 2004/);
  for (const key of ['client', 'bridge'] as const) {
    const { files, name, packedBytes, unpackedBytes } = packed[key];
    t.diagnostic(`${name}: ${packedBytes} B packed, ${unpackedBytes} B unpacked, ${files.length} files`);
    for (const required of ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md', 'dist/index.js', 'dist/index.d.ts'])
      assert.ok(files.includes(required), `${name} lacks ${required}`);
    const stray = files.filter(
      (f) =>
        !/^(package\.json|README\.md|LICENSE|CHANGELOG\.md)$/.test(f) &&
        !/^dist\/.*\.(js|d\.ts)$/.test(f) &&
        !(key === 'bridge' && /^(bin\/[\w-]+\.js|docs\/[\w-]+\.md)$/.test(f)),
    );
    assert.deepEqual(stray, [], `${name} ships files a user does not need (sources, maps, tests)`);
    assert.equal(readFileSync(join(repoRoot, `packages/${key}/LICENSE`), 'utf8'), license, `${name}'s LICENSE`);
    const manifest = consumer.manifest(key);
    assert.doesNotMatch(JSON.stringify(manifest.exports), /"source"|\.\/src\//, 'the source condition is stripped');
  }
  // pnpm pack wrote the client's version where the workspace says workspace:*.
  assert.equal(packed.bridge.manifest.dependencies?.['@orientdb-edge/client'], packed.client.version);
});

test('publint and attw (profile esm-only) pass for both tarballs, every subpath of exports', async (t) => {
  for (const key of ['client', 'bridge'] as const) {
    const { tarball, name, manifest } = packed[key];
    const publint = await run(bin('publint'), ['run', tarball, '--strict'], { cwd: packDir });
    t.diagnostic(`publint ${name}: ${publint.stdout.trim().split('\n').pop()}`);
    assert.match(publint.stdout, /All good!/, publint.stdout);
    // Every subpath: attw finds them in exports itself; naming them makes a missing one an error.
    const subpaths = Object.keys(manifest.exports);
    const attw = await run(
      bin('attw'),
      [tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'json', '--entrypoints', ...subpaths],
      { cwd: packDir },
    ).then(
      (done) => ({ code: 0, stdout: done.stdout }),
      (err: { code: number; stdout: string }) => err,
    );
    const report = JSON.parse(attw.stdout) as {
      analysis: { entrypoints: Record<string, unknown> };
      problems?: Record<string, Array<{ entrypoint: string; kind: string; resolutionKind?: string }>>;
    };
    assert.deepEqual(Object.keys(report.analysis.entrypoints).sort(), [...subpaths].sort());
    // The JSON lists every problem; the esm-only profile ignores those of require() and node10, as
    // attw's exit code does.
    const counted = Object.values(report.problems ?? {})
      .flat()
      .filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind ?? ''));
    assert.deepEqual(counted, [], `attw ${name}`);
    assert.equal(attw.code, 0, `attw ${name} exit code`);
    t.diagnostic(`attw ${name}: ${subpaths.join(' ')}: no problems`);
  }
});

test('every subpath of both installed packages loads in Node from the consumer folder', async () => {
  for (const key of ['client', 'bridge'] as const) {
    const name = packed[key].name;
    const subpaths = Object.keys(consumer.manifest(key).exports).filter(
      (s) => !s.endsWith('.json') && !NOT_FOR_NODE.has(`${name}/${s.slice(2)}`),
    );
    const specifiers = subpaths.map((s) => (s === '.' ? name : `${name}/${s.slice(2)}`));
    const { stdout } = await run(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `for (const s of ${JSON.stringify(specifiers)}) console.log(s, Object.keys(await import(s)).length);`,
      ],
      { cwd: consumer.dir },
    );
    for (const s of specifiers) assert.match(stdout, new RegExp(`^${s} [1-9]\\d*$`, 'm'), `${s} exports nothing`);
  }
});

test('a consumer of both packages and the READMEs code blocks typecheck against the installed declarations', async () => {
  const blocks = readmeBlocks();
  assert.ok(blocks.length >= 4, 'the READMEs have code blocks');
  mkdirSync(join(consumer.dir, 'readme'), { recursive: true });
  for (const block of blocks) writeFileSync(join(consumer.dir, 'readme', block.fileName), block.code);
  writeFileSync(
    join(consumer.dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM'],
        types: ['node'],
        strict: true,
        noEmit: true,
        allowJs: true,
        checkJs: true,
        skipLibCheck: false,
      },
      files: ['consumer.ts', ...blocks.map((b) => `readme/${b.fileName}`)],
    }),
  );
  const checked = await run(bin('tsc'), ['-p', consumer.dir], { cwd: consumer.dir }).catch(
    (err: { stdout?: string }) => err,
  );
  const out = 'stdout' in checked ? (checked.stdout ?? '') : '';
  // Errors in a block are reported at their line in the README.
  const blockAt = new Map(blocks.map((b) => [`readme/${b.fileName}`, b]));
  const located = out.replace(
    /^(readme\/[\w.-]+)\((\d+),(\d+)\)/gm,
    (all, file: string, line: string, column: string) => {
      const block = blockAt.get(file);
      return block ? `${block.readme}:${block.line + Number(line)}:${column}` : all;
    },
  );
  assert.equal(located, '', 'type errors in the consumer or a README block');
});

test('Deno finds the declarations of dist/*.js imported by URL or path (@ts-self-types)', async () => {
  // From a folder with no package.json, as a Deno program importing the files from a server would be:
  // only the @ts-self-types comments lead Deno from each .js to its .d.ts.
  const probeDir = mkdtempSync(join(tmpdir(), 'orientdb-edge-deno-'));
  const dist = `${web.origin}/node_modules/@orientdb-edge/client/dist`;
  const probe = (wrong: string) =>
    [
      `import { OrientDB, RecordId } from '${dist}/index.js';`,
      `import { BRIDGE_CLOSE } from '${dist}/protocol.js';`,
      `import { OrientDB as PageOrientDB } from '${dist}/orientdb-edge.browser.js';`,
      "const client = new OrientDB({ url: 'ws://127.0.0.1:1' });",
      'export const park: 4000 = BRIDGE_CLOSE.PARK;',
      'export const rid: string = new RecordId(12, 0).toString();',
      "export const page: PageOrientDB = new PageOrientDB({ url: 'ws://127.0.0.1:1' });",
      wrong,
    ].join('\n');
  const check = async (code: string) => {
    writeFileSync(join(probeDir, 'probe.ts'), code);
    return run(bin('deno'), ['check', '--quiet', `--allow-import=${new URL(web.origin).host}`, 'probe.ts'], {
      cwd: probeDir,
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(probeDir, '.deno') },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
  };
  try {
    const right = await check(probe('export const token: string = client.getSessionToken();'));
    assert.equal(right.code, 0, right.stderr);
    // Were the declarations not found, everything would be `any` and this would pass too.
    const wrong = await check(probe('export const token: number = client.getSessionToken();'));
    assert.notEqual(wrong.code, 0, 'deno check saw no types: a string assigned to a number passed');
    assert.match(wrong.stderr, /TS2322[\s\S]*string[\s\S]*number/, wrong.stderr);
  } finally {
    rmSync(probeDir, { recursive: true, force: true });
  }
});

test('deno publish --dry-run accepts the client for JSR, from the files of its tarball', async (t) => {
  // The installed package's files with the workspace's jsr.json, without package.json (else Deno reads
  // it as a Node project); the version comes from package.json, as it does for npm.
  const dir = mkdtempSync(join(tmpdir(), 'orientdb-edge-jsr-'));
  try {
    cpSync(join(consumer.dir, 'node_modules/@orientdb-edge/client'), dir, { recursive: true });
    rmSync(join(dir, 'package.json'));
    cpSync(join(repoRoot, 'packages/client/jsr.json'), join(dir, 'jsr.json'));
    // JSR publishes the same entries as npm: every subpath of exports, at its `default` file.
    const jsr = JSON.parse(readFileSync(join(dir, 'jsr.json'), 'utf8')) as { exports: Record<string, string> };
    const npmEntries = Object.entries(consumer.manifest('client').exports)
      .filter(([subpath]) => subpath !== './package.json')
      .map(([subpath, entry]) => [subpath, (entry as { default: string }).default]);
    assert.deepEqual(jsr.exports, Object.fromEntries(npmEntries), 'jsr.json exports differ from package.json exports');
    // --allow-slow-types: deno 2.9's fast check of declarations reached through @ts-self-types reports
    // exports as missing that the .d.ts files have; the types themselves pass `deno check` above.
    const { stdout, stderr } = await run(
      bin('deno'),
      ['publish', '--dry-run', '--allow-slow-types', '--set-version', packed.client.version],
      { cwd: dir, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, '.deno') } },
    );
    const out = `${stdout}${stderr}`;
    assert.match(
      out,
      new RegExp(`Simulating publish of @orientdb-edge/client@${packed.client.version.replace(/\./g, '\\.')}`),
    );
    assert.match(out, /Success Dry run complete/);
    t.diagnostic('deno publish --dry-run: Success Dry run complete');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the installed orientdb-edge-bridge runs on plain Node and reports the package version', async () => {
  const { stdout } = await run(join(consumer.dir, 'node_modules/.bin/orientdb-edge-bridge'), ['--version']);
  assert.equal(stdout.trim(), packed.bridge.version);
  assert.equal(bridge.version, packed.bridge.version);
  // The bridge's dist imports the installed client package; it carries no copy of the client's codec.
  const dist = join(consumer.dir, 'node_modules/@orientdb-edge/bridge/dist');
  const code = packed.bridge.files
    .filter((f) => /^dist\/.*\.js$/.test(f))
    .map((f) => readFileSync(join(dist, '..', f), 'utf8'))
    .join('\n');
  assert.match(code, /from "@orientdb-edge\/client\/protocol"/);
  assert.doesNotMatch(code, /function (encodeBridgeHello|decodeBridgeHello|encodeBridgeWelcome)\b/);
});

const seedEnv = () => ({
  ODB_HOST: server.host,
  ODB_PORT: String(server.port),
  ODB_DB: db.name,
  ODB_USER: db.user,
  ODB_PASSWORD: db.password,
  BRIDGE_URL: bridge.url,
});

type Runtime = 'node' | 'deno' | 'bun';
const RUNTIME: Record<Runtime, () => [string, string[]]> = {
  node: () => [process.execPath, ['seed.js']],
  deno: () => [bin('deno'), ['run', '--allow-net', '--allow-env', '--allow-read', 'seed.js']],
  bun: () => [bin('bun'), ['run', 'seed.js']],
};

async function seedStep(runtime: Runtime, env: Record<string, string>): Promise<Record<string, unknown>> {
  const [command, args] = RUNTIME[runtime]();
  const { stdout } = await run(command, args, {
    cwd: consumer.dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NO_COLOR: '1',
      DENO_NO_UPDATE_CHECK: '1',
      ...env,
    },
    timeout: 60_000,
  }).catch((err: { stdout?: string; stderr?: string; message: string }) =>
    assert.fail(`${runtime} ${env['STEP']} via ${env['VIA']}: ${err.message}\n${err.stderr ?? ''}`),
  );
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

for (const [runtime, via] of [
  ['node', 'tcp'],
  ['node', 'bridge'],
  ['deno', 'tcp'],
  ['deno', 'bridge'],
  ['bun', 'tcp'],
  ['bun', 'bridge'],
] as const) {
  test(`seed scenario in ${runtime} via ${via}: A logs in and hands over its token, B queries without credentials`, async () => {
    const a = await seedStep(runtime, { ...seedEnv(), STEP: 'open', VIA: via });
    assert.equal(typeof a['token'], 'string');
    const { ODB_PASSWORD: _password, ODB_USER: _user, ...noCredentials } = seedEnv();
    const b = await seedStep(runtime, { ...noCredentials, STEP: 'query', VIA: via, TOKEN: String(a['token']) });
    assert.deepEqual(b['statuses'], LIVING_ROOM);
    assert.notEqual(b['via'], 'login');
  });
}

test('a plain page imports the installed browser bundle with <script type=module> in Chromium', async () => {
  const a = await seedStep('node', { ...seedEnv(), STEP: 'open', VIA: 'bridge' });
  const browserEntry = (consumer.manifest('client').exports['./browser'] as { default: string }).default;
  const importMap = {
    imports: { '@orientdb-edge/client/browser': `./node_modules/@orientdb-edge/client/${browserEntry.slice(2)}` },
  };
  const page = readFileSync(join(consumer.dir, 'page.html'), 'utf8').replace(
    /<!-- IMPORT_MAP:.*-->/,
    `<script type="importmap">${JSON.stringify(importMap)}</script>`,
  );
  writeFileSync(join(consumer.dir, 'page.html'), page);
  const browser = await launchChromium();
  try {
    const tab = await browser.context.newPage();
    const errors: string[] = [];
    tab.on('pageerror', (err) => errors.push(err.message));
    tab.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    const q = new URLSearchParams({ bridge: bridge.url, token: String(a['token']) });
    await tab.goto(`${web.origin}/page.html?${q}`);
    const result = (await tab
      .waitForFunction(() => (window as unknown as { result?: unknown }).result)
      .then((h) => h.jsonValue())) as {
      statuses?: string[];
      loadedStatus?: string;
      firstStatus?: string;
      via?: string;
      errorName?: string;
      error?: string;
    };
    assert.equal(result.error, undefined);
    assert.deepEqual(result.statuses, LIVING_ROOM);
    assert.ok(LIVING_ROOM.includes(result.loadedStatus!), String(result.loadedStatus));
    assert.equal(result.loadedStatus, result.firstStatus);
    assert.equal(result.errorName, 'InvalidArgumentError', 'error classes keep their names in the minified bundle');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
  // The budget itself is asserted by the client's browser-bundle unit test; here, what was installed: the
  // entry and the files beside it that it loads (with it, or on first use).
  const dist = dirname(join(consumer.dir, 'node_modules/@orientdb-edge/client', browserEntry));
  const files = readdirSync(dist).filter((f) => f.startsWith(basename(browserEntry, '.js')) && f.endsWith('.js'));
  const sizes = files.map((f) => {
    const bytes = readFileSync(join(dist, f));
    return `${f} ${bytes.length} B (${gzipSync(bytes, { level: 9 }).length} B gzipped)`;
  });
  console.log(`packaging: installed browser bundle: ${sizes.join(', ')}`);
});

/** Starts the installed CLI (node_modules/.bin, a plain `#!/usr/bin/env node` script) in front of OrientDB. */
async function startInstalledBridge(origin: string): Promise<{ child: ChildProcess; url: string; version: string }> {
  const child = spawn(
    join(consumer.dir, 'node_modules/.bin/orientdb-edge-bridge'),
    [
      '--listen',
      '127.0.0.1:0',
      '--upstream',
      `${server.host}:${server.port}`,
      '--allow-origin',
      origin,
      '--allow-missing-origin',
    ],
    { cwd: consumer.dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let pending = '';
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the installed bridge exited (${code}):\n${stderr}`)));
    child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString();
      for (const line of pending.split('\n').slice(0, -1)) {
        const record = JSON.parse(line) as { msg?: string; url?: string; version?: string };
        if (record.msg === 'ready') resolve({ child, url: String(record.url), version: String(record.version) });
      }
      pending = pending.slice(pending.lastIndexOf('\n') + 1);
    });
  });
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8' };

/** Serves the consumer folder (the page and node_modules) on a free loopback port. */
async function serveFolder(dir: string): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)).replace(
      /^(\.\.[/\\])+/,
      '',
    );
    try {
      const body = readFileSync(join(dir, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
