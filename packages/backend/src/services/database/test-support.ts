import type { Logger, LogMeta } from '@greenroom/backend-plugin-api';

/** A logged line, as recorded by {@link RecordingLogger}. Test support only. */
export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: LogMeta | Error;
}

/**
 * A `Logger` that keeps its lines in memory, for assertions in tests.
 *
 * @example
 * const logger = new RecordingLogger();
 * logger.warn('retrying');
 * expect(logger.lines.map((l) => l.message)).toEqual(['retrying']);
 */
export class RecordingLogger implements Logger {
  readonly lines: LogLine[];

  constructor(lines: LogLine[] = []) {
    this.lines = lines;
  }

  error(message: string, meta?: LogMeta | Error): void {
    this.lines.push({ level: 'error', message, ...(meta ? { meta } : {}) });
  }
  warn(message: string, meta?: LogMeta | Error): void {
    this.lines.push({ level: 'warn', message, ...(meta ? { meta } : {}) });
  }
  info(message: string, meta?: LogMeta): void {
    this.lines.push({ level: 'info', message, ...(meta ? { meta } : {}) });
  }
  debug(message: string, meta?: LogMeta): void {
    this.lines.push({ level: 'debug', message, ...(meta ? { meta } : {}) });
  }
  child(_meta: LogMeta): Logger {
    return new RecordingLogger(this.lines);
  }
}
