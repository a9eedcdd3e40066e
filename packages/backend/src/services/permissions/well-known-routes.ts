import type { FastifyPluginAsync, HttpAuthService } from '@greenroom/backend-plugin-api';
import { InputError } from '@greenroom/errors';
import {
  APPLY_CONDITIONS_PATH,
  applyConditionsRequestSchema,
  criteriaDepth,
  exceedsJsonDepth,
  MAX_CRITERIA_DEPTH,
  PERMISSION_METADATA_PATH,
} from '@greenroom/plugin-permission-common';
import { z } from 'zod';
import type { DefaultPermissionsRegistry } from './default-permissions-registry.js';

/**
 * The routes every plugin with a permissions registry serves, for the permission
 * plugin only (service credentials): its metadata and apply-conditions.
 *
 * @example
 * http.use(permissionWellKnownRoutes({ registry, httpAuth }));
 */
export function permissionWellKnownRoutes(options: {
  registry: DefaultPermissionsRegistry;
  httpAuth: HttpAuthService;
}): FastifyPluginAsync {
  const { registry, httpAuth } = options;
  return async (app) => {
    app.get(PERMISSION_METADATA_PATH, async (request) => {
      await httpAuth.credentials(request, { allow: ['service'] });
      return registry.getMetadata();
    });
    app.post(APPLY_CONDITIONS_PATH, { bodyLimit: 4 * 1024 * 1024 }, async (request) => {
      await httpAuth.credentials(request, { allow: ['service'] });
      // Checked before the (recursive) schema so a deeply nested body cannot exhaust the stack.
      if (exceedsJsonDepth(request.body, MAX_CRITERIA_DEPTH + 5)) {
        throw new InputError(`Conditions nest deeper than ${MAX_CRITERIA_DEPTH} levels`);
      }
      const parsed = applyConditionsRequestSchema.safeParse(request.body);
      if (!parsed.success) {
        throw new InputError(`Invalid apply-conditions request: ${z.prettifyError(parsed.error)}`);
      }
      const tooDeep = parsed.data.items.find((item) => criteriaDepth(item.conditions) > MAX_CRITERIA_DEPTH);
      if (tooDeep) {
        throw new InputError(
          `Conditions of item '${tooDeep.id}' nest deeper than ${MAX_CRITERIA_DEPTH} levels`,
        );
      }
      return registry.applyConditionsBatch(parsed.data);
    });
  };
}
