export { durationToMillis } from './duration/duration.js';
export { DURATION_DESCRIPTION, durationSchema } from './duration/duration-schema.js';
export { formatDuration } from './duration/format-duration.js';
export { type ConfigIssue, formatConfigIssues } from './issue.js';
export { isJsonObject, type JsonObject, type JsonValue } from './json.js';
export { type ConfigFileSet, resolveConfigFiles } from './loading/config-files.js';
export { readEnvOverrides } from './loading/env-overrides.js';
export {
  type ConfigReloadEvent,
  type LoadConfigOptions,
  type LoadedConfig,
  loadConfig,
} from './loading/load-config.js';
export { MAX_ALIAS_COUNT, MAX_CONFIG_FILE_BYTES } from './loading/parse-config-file.js';
export { substituteEnv } from './loading/substitute-env.js';
export {
  type ConfigLocation,
  type ConfigPathSegment,
  configKey,
  formatConfigLocation,
  type LocateConfigKey,
} from './location.js';
export { parseConfigKey } from './reading/config-key.js';
export { ConfigReader, type ConfigReaderOptions } from './reading/config-reader.js';
export { type ParsedConfigValue, parseConfigValue } from './reading/parse-config-value.js';
export {
  type CompiledConfigSchema,
  type ConfigSchemaEntry,
  type ConfigValidationResult,
  compileConfigSchemas,
} from './schema/compile-config-schemas.js';
export type { ConfigVisibility, JsonSchema } from './schema/json-schema.js';
export { mergeJsonSchemas } from './schema/merge-json-schemas.js';
export { REDACTED } from './schema/visibility.js';
