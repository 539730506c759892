// Runs a Worker module in Cloudflare's workerd (from npm) on a free loopback port: outbound connections
// go through a network service that allows loopback (workerd refuses it otherwise) and trusts the CAs
// given (its tlsOptions: the Worker's TLS connections, cloudflare:sockets included, check certificates
// against them), and Durable Objects keep their storage in a folder on disk, which outlives a restart.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

export interface Workerd {
  url: string;
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** The path of the workerd binary the npm package ships (its default export). */
export async function workerdBinary(): Promise<string> {
  const name = 'workerd'; // the package ships no declarations
  const m = (await import(name)) as { default: string | { default: string } };
  return typeof m.default === 'string' ? m.default : m.default.default;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface WorkerdOptions {
  /** CA certificates (PEM) the Worker's outbound TLS trusts; none by default (and no browser CAs). */
  trustedCertificates?: string[];
  /** The config's file name in `dir`, so that two instances can share the Worker. */
  configName?: string;
}

/** `dir` holds worker.js (an ES module exporting the fetch handler and the Tokens Durable Object). */
export async function startWorkerd(dir: string, options: WorkerdOptions = {}): Promise<Workerd> {
  const port = await freePort();
  const configName = options.configName ?? 'config';
  const disk = join(dir, `${configName}-disk`);
  mkdirSync(disk, { recursive: true });
  const cas = (options.trustedCertificates ?? []).map((pem, i) => {
    const file = `${configName}-ca-${i}.pem`;
    writeFileSync(join(dir, file), pem);
    return `embed "${file}"`;
  });
  const config = join(dir, `${configName}.capnp`);
  writeFileSync(
    config,
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    (name = "internet", network = (
      allow = ["public", "private", "local"],
      tlsOptions = (trustedCertificates = [${cas.join(', ')}]),
    )),
    (name = "disk", disk = (path = "${disk}", writable = true)),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker.js", esModule = embed "worker.js")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "internet",
  durableObjectNamespaces = [(className = "Tokens", uniqueKey = "orientdb-edge-e2e-tokens")],
  durableObjectStorage = (localDisk = "disk"),
  bindings = [(name = "TOKENS", durableObjectNamespace = "Tokens")],
);
`,
  );
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    // The binary itself, not the npm shim in .bin (a signal to the shim would leave workerd running).
    child = spawn(await workerdBinary(), ['serve', config], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (d) => {
      log += d;
    });
    child.stderr?.on('data', (d) => {
      log += d;
    });
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}): ${log}`);
      const ok = await fetch(`${url}/keys`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`workerd did not answer on ${url} within 20 s: ${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const stop = async () => {
    const c = child;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      // workerd drains open requests on SIGTERM; one that never ends must not hold the test.
      const hard = setTimeout(() => c.kill('SIGKILL'), 5000);
      c.once('exit', () => {
        clearTimeout(hard);
        resolve();
      });
      c.kill('SIGTERM');
    });
  };
  await start();
  return {
    url,
    async restart() {
      await stop();
      await start();
    },
    close: stop,
  };
}
