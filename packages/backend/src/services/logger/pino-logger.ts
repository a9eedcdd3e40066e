import type { LogLevel, LogMeta, RootLogger } from '@greenroom/backend-plugin-api';
import type { Logger as Pino } from 'pino';
import type { SecretRedactor } from './secret-redactor.js';
import { toLogFields } from './to-log-fields.js';

/**
 * The {@link RootLogger} on top of one pino instance. Children share the pino
 * instance and the redactor, so secrets added later are redacted in every child too;
 * a child's own fields are re-redacted only when the set of secrets changes.
 *
 * @example
 * const logger = new PinoLogger(pino(), new SecretRedactor(), {});
 * logger.child({ plugin: 'catalog' }).info('Started');
 */
export class PinoLogger implements RootLogger {
  readonly #pino: Pino;
  readonly #redactor: SecretRedactor;
  readonly #fields: LogMeta;
  #redactedFields: { version: number; fields: Record<string, unknown> } | undefined;

  constructor(pino: Pino, redactor: SecretRedactor, fields: LogMeta) {
    this.#pino = pino;
    this.#redactor = redactor;
    this.#fields = fields;
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

  child(meta: LogMeta): PinoLogger {
    return new PinoLogger(this.#pino, this.#redactor, { ...this.#fields, ...meta });
  }

  isLevelEnabled(level: LogLevel): boolean {
    return this.#pino.isLevelEnabled(level);
  }

  addRedactions(secrets: Iterable<string>): void {
    this.#redactor.add(secrets);
  }

  #write(level: LogLevel, message: string, meta: LogMeta | Error | undefined): void {
    // Skip all the work (meta walk, redaction) for lines that would be dropped anyway.
    if (!this.#pino.isLevelEnabled(level)) return;
    const own = this.#ownFields();
    const fields = meta === undefined ? own : { ...own, ...toLogFields(meta, this.#redactor) };
    this.#pino[level](fields, this.#redactor.redact(String(message)));
  }

  #ownFields(): Record<string, unknown> {
    const version = this.#redactor.version;
    if (this.#redactedFields?.version !== version) {
      this.#redactedFields = { version, fields: toLogFields(this.#fields, this.#redactor) };
    }
    return this.#redactedFields.fields;
  }
}
