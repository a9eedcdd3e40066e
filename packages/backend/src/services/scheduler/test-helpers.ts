import type { Logger, LogMeta } from '@greenroom/backend-plugin-api';

/** A log line kept by {@link MemoryLogger}. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta: LogMeta;
}

/**
 * A logger that keeps its lines in memory, for asserting what the scheduler reported.
 *
 * @example
 * const logger = new MemoryLogger();
 * expect(logger.lines.some((line) => line.meta.taskId === 'refresh')).toBe(true);
 */
export class MemoryLogger implements Logger {
  readonly lines: LogLine[];
  readonly #fields: LogMeta;

  constructor(lines: LogLine[] = [], fields: LogMeta = {}) {
    this.lines = lines;
    this.#fields = fields;
  }

  error(message: string, meta?: LogMeta | Error): void {
    this.#add('error', message, meta);
  }
  warn(message: string, meta?: LogMeta | Error): void {
    this.#add('warn', message, meta);
  }
  info(message: string, meta?: LogMeta): void {
    this.#add('info', message, meta);
  }
  debug(message: string, meta?: LogMeta): void {
    this.#add('debug', message, meta);
  }
  child(meta: LogMeta): Logger {
    return new MemoryLogger(this.lines, { ...this.#fields, ...meta });
  }

  #add(level: LogLine['level'], message: string, meta?: LogMeta | Error): void {
    const extra = meta instanceof Error ? { error: meta } : meta;
    this.lines.push({ level, message, meta: { ...this.#fields, ...extra } });
  }
}
