// The orientdb-edge-bridge command: parse flags and environment, start, drain on SIGTERM/SIGINT.
import { parseCli, helpText } from './cli-options.js';
import { DEFAULTS, OptionsError } from './options.js';
import { startBridge, type Bridge } from './server.js';
import { VERSION } from './version.js';

export const EXIT = { OK: 0, FAILURE: 1, USAGE: 2, LISTEN: 3 } as const;

const logLine = (level: 'error' | 'warn', msg: string, fields: Record<string, unknown>) =>
  process.stderr.write(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
const fatal = (msg: string, fields: Record<string, unknown> = {}) => logLine('error', msg, fields);

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number | Bridge> {
  let command: ReturnType<typeof parseCli>;
  try {
    command = parseCli(argv, env);
  } catch (err) {
    if (err instanceof OptionsError) {
      process.stderr.write(`orientdb-edge-bridge: ${err.message}\n`);
      return EXIT.USAGE;
    }
    throw err;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${helpText()}\n`);
    return EXIT.OK;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.OK;
  }
  const { options } = command;
  // A bridge that can admit nobody starts fine and then refuses every upgrade with 403: say so now.
  if ((options.allowOrigins ?? []).length === 0 && !options.allowMissingOrigin)
    logLine('warn', 'no_origin_allowed', {
      hint: 'every upgrade will be refused (403): pass --allow-origin https://your.app (repeatable) for pages, or --allow-missing-origin for server-side clients',
    });
  const listen =
    typeof options.listen === 'object'
      ? `${options.listen.host}:${options.listen.port}`
      : (options.listen ?? DEFAULTS.listen);
  try {
    return await startBridge(options);
  } catch (err) {
    if (err instanceof OptionsError) {
      process.stderr.write(`orientdb-edge-bridge: ${err.message}\n`);
      return EXIT.USAGE;
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      const why =
        code === 'EADDRINUSE' ? 'the port is in use' : code === 'EACCES' ? 'not permitted' : 'no such local address';
      fatal('cannot_listen', {
        address: listen,
        errno: code,
        hint: `cannot listen on ${listen}: ${why}; choose another --listen`,
      });
      return EXIT.LISTEN;
    }
    throw err;
  }
}

export async function run(): Promise<void> {
  let result: number | Bridge;
  try {
    result = await main(process.argv.slice(2), process.env);
  } catch (err) {
    fatal('startup_failed', { error: (err as Error).message });
    process.exit(EXIT.FAILURE);
  }
  if (typeof result === 'number') {
    process.exit(result);
  }
  const bridge = result;
  process.stdout.write(
    `${JSON.stringify({ time: new Date().toISOString(), level: 'info', msg: 'ready', url: bridge.url, metricsUrl: bridge.metricsUrl, version: VERSION })}\n`,
  );
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      fatal('second_signal', { signal });
      process.exit(EXIT.FAILURE);
    }
    stopping = true;
    bridge.drain().then(
      () => process.exit(EXIT.OK),
      (err: Error) => {
        fatal('drain_failed', { error: err.message });
        process.exit(EXIT.FAILURE);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('uncaughtException', (err) => {
    fatal('uncaught_exception', { error: err.message });
    process.exit(EXIT.FAILURE);
  });
}

await run();
