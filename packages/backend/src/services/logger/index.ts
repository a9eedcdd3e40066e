export { createRootLogger, type LogDestination, type RootLoggerOptions } from './create-root-logger.js';
export { LOG_LEVELS, type LoggerConfig, type LogLevel, loggerConfigSchema } from './logger-config.js';
export {
  createRootLoggerServiceFactory,
  loggerServiceFactory,
  rootLoggerServiceFactory,
} from './logger-service-factory.js';
export { isSecretKey, REDACTED_VALUE } from './secret-keys.js';
export { REDACTED_SECRET } from './secret-redactor.js';
export { type SerializedError, serializeError } from './serialize-error.js';
