// Debian's WebKitGTK: MiniBrowser (no headless mode) on its own Xvfb display, driven through
// WebKitWebDriver by selenium-webdriver. Each engine gets a display Xvfb picks itself (-displayfd) and a
// free port for the driver, so parallel runs do not collide. A new-session request without a working
// display hangs silently, so it runs under a timeout of ours that names what to check.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { Builder, type WebDriver } from 'selenium-webdriver';
import { type Engine, type EnginePage, jsonExpression } from './engine.js';

const DRIVER = process.env.WEBKIT_DRIVER_PATH || '/usr/bin/WebKitWebDriver';
const MINIBROWSER = process.env.MINIBROWSER_PATH || '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser';
const XVFB = '/usr/bin/Xvfb';
const SESSION_TIMEOUT_MS = 30_000;
const SCRIPT_TIMEOUT_MS = 90_000;

export async function webkitEngine(): Promise<Engine> {
  for (const [path, pkg] of [
    [DRIVER, 'webkit2gtk-driver'],
    [MINIBROWSER, 'webkit2gtk-driver'],
    [XVFB, 'xvfb'],
  ] as const)
    if (!existsSync(path)) throw new Error(`${path} is missing: run scripts/bootstrap.sh (apt-get install ${pkg})`);
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const child of children.reverse()) if (child.exitCode === null) child.kill('SIGTERM');
  };
  try {
    const display = await startXvfb(children);
    const port = await freePort();
    const driverProcess = spawn(DRIVER, [`--port=${port}`, '--host=127.0.0.1'], {
      env: { ...process.env, DISPLAY: display },
      stdio: 'ignore',
    });
    children.push(driverProcess);
    const server = `http://127.0.0.1:${port}`;
    await waitForStatus(server, driverProcess);
    const driver = await withTimeout(
      new Builder()
        .usingServer(server)
        .withCapabilities({
          browserName: 'MiniBrowser',
          'webkitgtk:browserOptions': { binary: MINIBROWSER, args: ['--automation'] },
        })
        .build(),
      SESSION_TIMEOUT_MS,
      `WebKitWebDriver on ${server} (DISPLAY=${display}) did not open a MiniBrowser session within ${SESSION_TIMEOUT_MS} ms: check that Xvfb runs and ${MINIBROWSER} starts with --automation`,
    );
    await driver.manage().setTimeouts({ script: SCRIPT_TIMEOUT_MS, pageLoad: 60_000 });
    const capabilities = await driver.getCapabilities();
    return tabs(driver, `WebKitGTK ${capabilities.get('browserVersion') ?? '?'}`, async () => {
      await driver.quit().catch(() => undefined);
      stop();
    });
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * WebDriver drives one window at a time: every call switches to its tab first, and calls are queued so
 * that two tabs used at once never interleave a switch with another tab's command.
 */
function tabs(driver: WebDriver, version: string, quit: () => Promise<void>): Engine {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };
  let first = true;
  return {
    name: 'webkit',
    version,
    async newPage(): Promise<EnginePage> {
      const handle = await serial(async () => {
        // The session's first window is the first tab; later tabs are new windows of the same session.
        if (!first) await driver.switchTo().newWindow('tab');
        first = false;
        return driver.getWindowHandle();
      });
      const on = <T>(fn: () => Promise<T>) =>
        serial(async () => {
          await driver.switchTo().window(handle);
          return fn();
        });
      return {
        goto: (url) => on(() => driver.get(url)),
        reload: () => on(() => driver.navigate().refresh()),
        evaluate: <T>(expression: string) =>
          on(async () => {
            const text = (await driver.executeAsyncScript(
              `const done = arguments[arguments.length - 1];
               ${jsonExpression(expression)}.then(done, (e) => done(JSON.stringify({ __error: String(e) })));`,
            )) as string;
            const value = JSON.parse(text) as { __error?: string } | null;
            if (value && typeof value === 'object' && '__error' in value) throw new Error(value.__error);
            return value as T;
          }),
        suspend: () => Promise.reject(new Error('WebKitWebDriver has no way to hide or freeze a page')),
        resume: () => Promise.reject(new Error('WebKitWebDriver has no way to hide or freeze a page')),
        close: () =>
          on(async () => {
            // Closing the session's last window would end the session: park it on a blank page instead.
            if ((await driver.getAllWindowHandles()).length > 1) await driver.close();
            else await driver.get('about:blank');
          }),
      };
    },
    close: quit,
  };
}

async function startXvfb(children: ChildProcess[]): Promise<string> {
  const xvfb = spawn(XVFB, ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  children.push(xvfb);
  let stderr = '';
  xvfb.stderr?.on('data', (d) => {
    stderr += String(d);
  });
  const fd = xvfb.stdio[3] as NodeJS.ReadableStream;
  return withTimeout(
    new Promise<string>((resolve, reject) => {
      let text = '';
      fd.on('data', (d) => {
        text += String(d);
        if (text.includes('\n')) resolve(`:${text.trim()}`);
      });
      xvfb.on('exit', (code) => reject(new Error(`Xvfb exited (${code}) before naming its display: ${stderr.trim()}`)));
    }),
    10_000,
    'Xvfb did not report a display within 10 s',
  );
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

/** The driver answers /status once it listens; an exit before that is reported with its code. */
async function waitForStatus(server: string, driver: ChildProcess): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`WebKitWebDriver exited (${driver.exitCode}) before listening`);
    const ok = await fetch(`${server}/status`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`WebKitWebDriver did not answer ${server}/status within 10 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
