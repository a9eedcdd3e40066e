import { coreServices, createServiceFactory } from '@greenroom/backend-plugin-api';
import { backendAuthConfigSchema } from '../auth/auth-config.js';
import { PluginHttpRouter } from './plugin-http-router.js';

/**
 * The schema of `backend.auth` (declared by the auth services; the router reads
 * `dangerouslyDisableDefaultAuthPolicy`).
 *
 * @example
 * authPolicyConfigSchema.parse({ dangerouslyDisableDefaultAuthPolicy: true });
 */
export const authPolicyConfigSchema = backendAuthConfigSchema;

/**
 * The default `coreServices.httpRouter`: mounts each plugin's routes at
 * `/api/<pluginId>` behind the credentials barrier (see `addAuthPolicy`).
 * `backend.auth.dangerouslyDisableDefaultAuthPolicy: true` removes the barrier and
 * logs a warning once at startup.
 *
 * @example
 * backend.add(httpRouterServiceFactory);
 */
export const httpRouterServiceFactory = createServiceFactory({
  service: coreServices.httpRouter,
  rootDeps: { config: coreServices.rootConfig, logger: coreServices.rootLogger },
  createRootContext({ config, logger }) {
    const { dangerouslyDisableDefaultAuthPolicy } = config.read('backend.auth', authPolicyConfigSchema);
    if (dangerouslyDisableDefaultAuthPolicy) {
      logger.warn(
        'backend.auth.dangerouslyDisableDefaultAuthPolicy is true: plugin routes accept requests without credentials',
      );
    }
    return { defaultAuthPolicy: !dangerouslyDisableDefaultAuthPolicy };
  },
  deps: {
    rootHttpRouter: coreServices.rootHttpRouter,
    pluginMetadata: coreServices.pluginMetadata,
    httpAuth: coreServices.httpAuth,
    logger: coreServices.logger,
  },
  factory({ rootHttpRouter, pluginMetadata, httpAuth, logger }, { defaultAuthPolicy }) {
    return new PluginHttpRouter({
      pluginId: pluginMetadata.getId(),
      rootHttpRouter,
      httpAuth,
      logger,
      defaultAuthPolicy,
    });
  },
});
