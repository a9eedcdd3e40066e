/** Structured fields attached to a log line. */
export type LogMeta = Record<string, unknown>;

/** The levels a {@link Logger} writes at, most severe first. */
export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/**
 * The logger every plugin gets: JSON lines in production, readable lines in
 * development, with configured secrets redacted. `child` adds fields to every line.
 *
 * @example
 * logger.info('Refreshed location', { locationRef, durationMs });
 * logger.error('Refresh failed', { error });
 */
export interface Logger {
  error(message: string, meta?: LogMeta | Error): void;
  warn(message: string, meta?: LogMeta | Error): void;
  info(message: string, meta?: LogMeta): void;
  debug(message: string, meta?: LogMeta): void;
  child(meta: LogMeta): Logger;
  /**
   * Whether a line at `level` would be written now, so a caller can skip building
   * fields nobody will read. A logger without it is taken to write every level.
   */
  isLevelEnabled?(level: LogLevel): boolean;
}

/** The root logger can also learn secrets to redact after startup (e.g. from loaded config). */
export interface RootLogger extends Logger {
  addRedactions(secrets: Iterable<string>): void;
}
