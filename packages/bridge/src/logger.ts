// JSON-line logs with levels. Callers pass metadata only: never payload bytes, tokens or URLs with queries.
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

export interface LogRecord {
  time: string;
  level: Exclude<LogLevel, 'silent'>;
  msg: string;
  [field: string]: unknown;
}

export type LogFields = Record<string, string | number | boolean | undefined>;

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
}

export function createLogger(level: LogLevel, sink?: (record: LogRecord) => void): Logger {
  const write =
    sink ??
    ((record: LogRecord) => {
      process.stdout.write(`${JSON.stringify(record)}\n`);
    });
  const at = (l: Exclude<LogLevel, 'silent'>) => (msg: string, fields?: LogFields) => {
    if (RANK[l] < RANK[level]) return;
    write({ time: new Date().toISOString(), level: l, msg, ...fields });
  };
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
