import type { LogMeta, RootLogger } from '@greenroom/backend-plugin-api';
import { pino } from 'pino';
import { isColorSupported, prettyFactory } from 'pino-pretty';
import { LOG_LEVELS, type LogLevel } from './logger-config.js';
import { PinoLogger } from './pino-logger.js';
import { SecretRedactor } from './secret-redactor.js';

/** Where log lines go: anything with a `write(line)` method, e.g. a Writable stream. */
export interface LogDestination {
  write(line: string): unknown;
}

/** Options for {@link createRootLogger}. */
export interface RootLoggerOptions {
  /** Default `info`; the `LOG_LEVEL` environment variable wins when set. */
  level?: LogLevel;
  /** Default `json` when `NODE_ENV=production`, else `pretty`. */
  format?: 'json' | 'pretty';
  /** Default: standard output, written synchronously so no line is lost on exit. */
  destination?: LogDestination;
  /** Colours in the pretty format; default when the destination is a colour terminal. */
  colorize?: boolean;
  /** Fields on every line. */
  fields?: LogMeta;
  /** Secrets to redact from the start; more can be added with `addRedactions`. */
  redactions?: Iterable<string>;
  /** Where `LOG_LEVEL` and `NODE_ENV` are read; default `process.env`. */
  env?: Record<string, string | undefined>;
}

/**
 * Creates the root logger. Usable before config is loaded (the CLI and config loader
 * log through it); `rootLoggerServiceFactory` calls it with `backend.logger`.
 *
 * @example
 * const logger = createRootLogger({ format: 'json' });
 * logger.addRedactions(['s3cr3t-token']);
 * logger.child({ plugin: 'catalog' }).info('Started', { entities: 42 });
 */
export function createRootLogger(options: RootLoggerOptions = {}): RootLogger {
  const env = options.env ?? process.env;
  const level = resolveLevel(env.LOG_LEVEL, options.level);
  const format = options.format ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty');
  const output = options.destination ?? pino.destination({ dest: 1, sync: true });
  const isTerminal = ((options.destination ?? process.stdout) as { isTTY?: boolean }).isTTY === true;
  const colorize = options.colorize ?? (isTerminal && isColorSupported && !env.NO_COLOR);
  const destination = format === 'pretty' ? prettyDestination(output, colorize) : output;
  const instance = pino(
    {
      level,
      base: null,
      messageKey: 'message',
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
  const redactor = new SecretRedactor();
  if (options.redactions) redactor.add(options.redactions);
  return new PinoLogger(instance, redactor, options.fields ?? {});
}

function resolveLevel(fromEnv: string | undefined, fromOptions: LogLevel | undefined): LogLevel {
  if (fromEnv === undefined || fromEnv === '') return fromOptions ?? 'info';
  const level = fromEnv.toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new Error(`LOG_LEVEL='${fromEnv}' is not a log level; set it to one of ${LOG_LEVELS.join(', ')}`);
  }
  return level as LogLevel;
}

/**
 * Formats each JSON line with pino-pretty in the same thread, synchronously: a
 * worker-thread transport would slow startup and could drop the last lines on exit.
 */
function prettyDestination(output: LogDestination, colorize: boolean): LogDestination {
  const pretty = prettyFactory({
    colorize,
    messageKey: 'message',
    timestampKey: 'timestamp',
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'plugin',
    messageFormat: '{if plugin}[{plugin}] {end}{message}',
    singleLine: true,
  });
  return { write: (line: string) => output.write(pretty(line)) };
}
