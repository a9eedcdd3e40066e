import type { LogMeta, RootLogger } from '@greenroom/backend-plugin-api';

/** One line written to a {@link TestLogger}. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: LogMeta;
}

/**
 * A logger for tests that keeps every line (all levels) in memory, so a test can
 * assert what was logged, and what never was (a token, a cookie).
 *
 * @example
 * const logger = new TestLogger();
 * logger.child({ plugin: 'catalog' }).warn('careful');
 * logger.lines; // [{ level: 'warn', message: 'careful', meta: { plugin: 'catalog' } }]
 */
export class TestLogger implements RootLogger {
  readonly lines: LogLine[];
  readonly #fields: LogMeta;

  constructor(fields: LogMeta = {}, lines: LogLine[] = []) {
    this.#fields = fields;
    this.lines = lines;
  }

  error(message: string, meta?: LogMeta | Error): void {
    this.#write('error', message, meta);
  }
  warn(message: string, meta?: LogMeta | Error): void {
    this.#write('warn', message, meta);
  }
  info(message: string, meta?: LogMeta): void {
    this.#write('info', message, meta);
  }
  debug(message: string, meta?: LogMeta): void {
    this.#write('debug', message, meta);
  }
  child(meta: LogMeta): TestLogger {
    return new TestLogger({ ...this.#fields, ...meta }, this.lines);
  }
  addRedactions(): void {}

  /** Everything logged, serialised, for "this never appears in the logs" assertions. */
  text(): string {
    return this.lines
      .map((line) => `${line.level} ${line.message} ${JSON.stringify(line.meta, errorReplacer)}`)
      .join('\n');
  }

  #write(level: LogLine['level'], message: string, meta?: LogMeta | Error): void {
    const fields = meta instanceof Error ? { error: meta } : meta;
    this.lines.push({ level, message, meta: { ...this.#fields, ...fields } });
  }
}

function errorReplacer(_key: string, value: unknown): unknown {
  return value instanceof Error ? { name: value.name, message: value.message, stack: value.stack } : value;
}
