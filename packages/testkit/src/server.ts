// Starts a real OrientDB server for tests and the demo: loopback only, free ports, data in a
// temporary folder, readiness read from the binary greeting, and clean stop, restart and kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ensureServerHome, orientdbVersion } from './jar-server.js';
import { readGreeting } from './greeting.js';
import { freePort } from './ports.js';
import { serverConfigXml } from './server-config.js';
import { makeSslKeystore } from './ssl-keystore.js';

/** A fixed HMAC key (Base64URL of 32 bytes) so that tokens survive a restart. */
export const TEST_TOKEN_SECRET = 'b3JpZW50ZGItZWRnZS10ZXN0LXRva2VuLXNlY3JldCE';

export interface StartOptions {
  version?: string;
  host?: string;
  port?: number;
  httpPort?: number;
  rootPassword?: string;
  /** network.token.expireTimeout, in minutes (server default 60). */
  tokenExpireMinutes?: number;
  /** server.channel.cleanDelay, in ms (server default 5000). */
  cleanDelayMs?: number;
  tokenSecret?: string;
  heap?: string;
  /** Extra -D settings. */
  properties?: Record<string, string | number | boolean>;
  /** Folder for databases and logs; a fresh temporary one by default (removed on stop). */
  dataDir?: string;
  startTimeoutMs?: number;
  /** Also open the binary protocol's SSL listener, with a self-signed certificate made for this run. */
  ssl?: boolean;
  /**
   * Headers the HTTP listener adds to every answer (network.http.additionalResponseHeaders), e.g. the
   * CORS headers a page on another origin needs to call the REST API with its session cookie.
   */
  httpResponseHeaders?: Record<string, string>;
}

export interface OrientDBServer {
  readonly host: string;
  readonly port: number;
  readonly httpPort: number;
  /** The binary protocol over TLS (with `ssl: true`): its port and the PEM certificate to trust. */
  readonly ssl: { port: number; caPem: string } | undefined;
  readonly rootPassword: string;
  readonly version: string;
  /** The version the server announces in its log when active (e.g. "3.2.49"). */
  readonly reportedVersion: string;
  /** The protocol version the server greets with (38 on 3.1+, 37 on 3.0). */
  readonly protocolVersion: number;
  readonly dataDir: string;
  readonly logPath: string;
  /** Milliseconds from spawn to a read greeting, for the last start. */
  readonly startMs: number;
  readonly pid: number | undefined;
  stop(): Promise<void>;
  restart(): Promise<void>;
  kill(): Promise<void>;
  /** The last lines of the server's log. */
  logTail(lines?: number): string;
}

export async function startOrientDB(options: StartOptions = {}): Promise<OrientDBServer> {
  const version = options.version ?? orientdbVersion();
  const home = await ensureServerHome(version);
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await freePort(host));
  const httpPort = options.httpPort ?? (await freePort(host));
  const rootPassword = options.rootPassword ?? `root-${randomBytes(6).toString('hex')}`;
  const ownsDataDir = !options.dataDir;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'orientdb-edge-'));
  for (const sub of ['config', 'databases', 'log']) mkdirSync(join(dataDir, sub), { recursive: true });
  const configFile = join(dataDir, 'config', 'orientdb-server-config.xml');
  const keystore = options.ssl ? await makeSslKeystore(join(dataDir, 'config')) : undefined;
  const sslPort = keystore ? await freePort(host) : 0;
  const ssl = keystore ? { port: sslPort, keyStore: keystore.keyStore, password: keystore.password } : undefined;
  const httpResponseHeaders = options.httpResponseHeaders;
  writeFileSync(configFile, serverConfigXml({ host, port, httpPort, rootPassword, ssl, httpResponseHeaders }));
  const logPath = join(dataDir, 'log', 'server.out');

  const settings: Record<string, string | number | boolean> = {
    ORIENTDB_HOME: dataDir,
    'orientdb.config.file': configFile,
    'orientdb.www.path': join(home, 'www'),
    'server.database.path': join(dataDir, 'databases'),
    'network.token.secretKey': options.tokenSecret ?? TEST_TOKEN_SECRET,
    'network.token.expireTimeout': options.tokenExpireMinutes ?? 60,
    'server.channel.cleanDelay': options.cleanDelayMs ?? 5000,
    'security.createDefaultUsers': true,
    'security.userPasswordSaltIterations': 1,
    'security.userPasswordDefaultAlgorithm': 'PBKDF2WithHmacSHA1',
    'storage.diskCache.bufferSize': 256,
    'profiler.enabled': false,
    distributed: false,
    'java.awt.headless': true,
    'file.encoding': 'UTF8',
    'java.util.logging.manager': 'com.orientechnologies.common.log.ShutdownLogManager',
    ...options.properties,
  };
  const javaArgs = [
    ...(options.heap ?? '-Xms128m -Xmx512m').split(' '),
    '-XX:MaxDirectMemorySize=512m',
    '-XX:+UseSerialGC',
    '-XX:TieredStopAtLevel=1',
    '--add-opens',
    'jdk.unsupported/sun.misc=ALL-UNNAMED',
    '--add-opens',
    'java.base/sun.security.x509=ALL-UNNAMED',
    '--add-opens',
    'java.base/java.nio=ALL-UNNAMED',
    '--add-opens',
    'java.base/java.lang=ALL-UNNAMED',
    '--add-opens',
    'java.base/java.util=ALL-UNNAMED',
    '--add-opens',
    'java.base/sun.nio.ch=ALL-UNNAMED',
    ...Object.entries(settings).map(([k, v]) => `-D${k}=${v}`),
    '-cp',
    `${join(home, 'lib')}/*:${join(home, 'plugins')}/*`,
    'com.orientechnologies.orient.server.OServerMain',
  ];

  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let protocolVersion = 0;
  let reportedVersion = '';
  let startMs = 0;
  let killed = false;
  const timeout = options.startTimeoutMs ?? 120_000;

  const launch = async () => {
    const began = performance.now();
    const log = createWriteStream(logPath, { flags: 'a' });
    const proc = spawn('java', javaArgs, {
      cwd: dataDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ORIENTDB_ROOT_PASSWORD: rootPassword },
    });
    child = proc;
    exited = new Promise((resolve) =>
      proc.once('exit', () => {
        log.end();
        resolve();
      }),
    );
    const ready = new Promise<void>((resolve, reject) => {
      let seen = '';
      const timer = setTimeout(() => reject(new Error(`OrientDB did not start in ${timeout} ms`)), timeout);
      const onData = (chunk: Buffer) => {
        log.write(chunk);
        seen = (seen + chunk.toString('utf8')).slice(-4096);
        const active = /OrientDB Server is active v?(\S*)\s/.exec(seen);
        if (active) {
          reportedVersion = active[1] ?? '';
          clearTimeout(timer);
          resolve();
        }
      };
      proc.stdout!.on('data', onData);
      proc.stderr!.on('data', onData);
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`OrientDB exited during start (code ${code}, signal ${signal})`));
      });
    });
    try {
      await ready;
      protocolVersion = await readGreeting(host, port);
      startMs = performance.now() - began;
    } catch (err) {
      proc.kill('SIGKILL');
      await exited;
      throw new Error(`${(err as Error).message}\n--- server log (${logPath}) ---\n${tail(logPath, 60)}`, {
        cause: err,
      });
    }
  };

  const stopProcess = async (signal: NodeJS.Signals) => {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    proc.kill(signal);
    const force = setTimeout(() => proc.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(force);
  };

  const cleanupOnExit = () => {
    child?.kill('SIGKILL');
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', cleanupOnExit);

  await launch();

  return {
    host,
    port,
    httpPort,
    ssl: keystore ? { port: sslPort, caPem: keystore.caPem } : undefined,
    rootPassword,
    version,
    dataDir,
    logPath,
    get protocolVersion() {
      return protocolVersion;
    },
    get reportedVersion() {
      return reportedVersion;
    },
    get startMs() {
      return startMs;
    },
    get pid() {
      return child?.pid;
    },
    async stop() {
      await stopProcess('SIGTERM');
      process.removeListener('exit', cleanupOnExit);
      if (ownsDataDir && !process.env.ORIENTDB_EDGE_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await stopProcess('SIGTERM');
      try {
        await launch();
      } catch (err) {
        // After a SIGKILL, OrientDB sometimes cannot reopen its own OSystem database (an NPE at
        // start). Tests keep nothing there, so start once more without it.
        if (!killed) throw err;
        rmSync(join(dataDir, 'databases', 'OSystem'), { recursive: true, force: true });
        await launch();
      }
      killed = false;
    },
    async kill() {
      await stopProcess('SIGKILL');
      killed = true;
    },
    logTail(lines = 60) {
      return tail(logPath, lines);
    },
  };
}

function tail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
