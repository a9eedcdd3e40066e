import type { BackendFeature, Config, RootLogger } from '@greenroom/backend-plugin-api';
import { ConfigReader, compileConfigSchemas, formatConfigIssues, type JsonObject } from '@greenroom/config';
import { InputError } from '@greenroom/errors';
import { collectConfigSchemas } from './core-config-schema.js';

/**
 * Checks the loaded config against the schemas of the core and every installed
 * feature before any plugin starts: wrong types and missing required keys stop
 * startup with key, file and line; unknown keys are logged as warnings. Also hands
 * every value marked secret to the logger so it never appears in logs.
 */
export function validateConfig(options: {
  config: Config;
  logger: RootLogger;
  features: BackendFeature[];
}): void {
  const { config, logger, features } = options;
  const compiled = compileConfigSchemas(collectConfigSchemas(features));
  const data = (config.getOptional() ?? {}) as JsonObject;
  logger.addRedactions(compiled.secretValues(data));
  const locate = config instanceof ConfigReader ? (key: string) => config.locate(key) : undefined;
  const { errors, warnings } = compiled.validate(data, locate);
  if (warnings.length > 0) {
    logger.warn(
      `Config has keys that no installed plugin declares (typos?):\n${formatConfigIssues(warnings)}`,
    );
  }
  if (errors.length > 0) {
    throw new InputError(
      `Invalid configuration; fix these keys in your app-config files:\n${formatConfigIssues(errors)}`,
    );
  }
}
