import type { BackendFeature } from '@greenroom/backend-plugin-api';
import type { ConfigSchemaEntry } from '@greenroom/config';
import { z } from 'zod';
import { auditorConfigSchema } from '../services/auditor/index.js';
import { cacheConfigSchema } from '../services/cache/index.js';
import { databaseConfigSchema } from '../services/database/index.js';
import { backendBaseUrlConfigSchema, discoveryConfigSchema } from '../services/discovery/index.js';
import {
  authPolicyConfigSchema,
  corsConfigSchema,
  httpServerConfigSchema,
  lifecycleConfigSchema,
  listenConfigSchema,
} from '../services/http/index.js';
import { loggerConfigSchema } from '../services/logger/index.js';
import { schedulerConfigSchema } from '../services/scheduler/index.js';
import { urlReaderConfigSchema } from '../services/urlReader/index.js';

/**
 * The config keys of the backend itself, assembled from the schema each core
 * service declares for its own block. Plugins add theirs through `configSchema`.
 */
export const coreConfigSchema = z.object({
  backend: z
    .object({
      baseUrl: backendBaseUrlConfigSchema,
      listen: listenConfigSchema,
      cors: corsConfigSchema,
      http: httpServerConfigSchema,
      lifecycle: lifecycleConfigSchema,
      auth: authPolicyConfigSchema,
      database: databaseConfigSchema,
      cache: cacheConfigSchema,
      logger: loggerConfigSchema,
      auditor: auditorConfigSchema,
      reading: urlReaderConfigSchema,
      scheduler: schedulerConfigSchema,
    })
    .partial()
    .optional()
    .describe(
      'The Greenroom backend: where it listens, its database, cache, logging and other core services',
    ),
  discovery: discoveryConfigSchema,
});

/**
 * The config schemas of the backend core and of every feature that declares one,
 * each named by its source (`core`, `plugin 'catalog'`, `module 'github' of plugin 'catalog'`).
 *
 * @example
 * const compiled = compileConfigSchemas(collectConfigSchemas([catalogPlugin]));
 */
export function collectConfigSchemas(features: BackendFeature[]): ConfigSchemaEntry[] {
  const entries: ConfigSchemaEntry[] = [{ source: 'core', schema: coreConfigSchema }];
  for (const feature of features) {
    if (feature.$$type !== '@greenroom/BackendFeature' || !feature.configSchema) continue;
    const source =
      feature.kind === 'plugin'
        ? `plugin '${feature.pluginId}'`
        : `module '${feature.moduleId}' of plugin '${feature.pluginId}'`;
    entries.push({ source, schema: feature.configSchema });
  }
  return entries;
}
