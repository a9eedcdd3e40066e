import type { ServiceFactory } from '@greenroom/backend-plugin-api';
import { coreServices } from '@greenroom/backend-plugin-api';
import { validateConfig } from './config/validate-config.js';
import { auditorServiceFactory } from './services/auditor/index.js';
import { authServiceFactory, httpAuthServiceFactory } from './services/auth/index.js';
import { cacheServiceFactory } from './services/cache/index.js';
import { rootConfigServiceFactory } from './services/config/index.js';
import { databaseServiceFactory } from './services/database/index.js';
import { discoveryServiceFactory } from './services/discovery/index.js';
import { rootHealthServiceFactory } from './services/health/index.js';
import { httpRouterServiceFactory, rootHttpRouterServiceFactory } from './services/http/index.js';
import { loggerServiceFactory, rootLoggerServiceFactory } from './services/logger/index.js';
import {
  permissionsRegistryServiceFactory,
  permissionsServiceFactory,
} from './services/permissions/index.js';
import { schedulerServiceFactory } from './services/scheduler/index.js';
import { urlReaderServiceFactory } from './services/urlReader/index.js';
import { userInfoServiceFactory } from './services/user-info/index.js';
import { type Backend, createBackendWith } from './wiring/create-backend.js';

/** The default implementation of every core service; `backend.add` of a factory replaces one. */
export const defaultServiceFactories: readonly ServiceFactory[] = Object.freeze([
  rootConfigServiceFactory,
  rootLoggerServiceFactory,
  loggerServiceFactory,
  rootHealthServiceFactory,
  rootHttpRouterServiceFactory,
  httpRouterServiceFactory,
  discoveryServiceFactory,
  authServiceFactory,
  httpAuthServiceFactory,
  userInfoServiceFactory,
  databaseServiceFactory,
  cacheServiceFactory,
  schedulerServiceFactory,
  permissionsServiceFactory,
  permissionsRegistryServiceFactory,
  auditorServiceFactory,
  urlReaderServiceFactory,
]);

/**
 * Creates a Greenroom backend with the default core services. Config is validated
 * against every installed plugin's schema before any plugin initialises.
 *
 * @example
 * const backend = createBackend();
 * backend.add(catalogPlugin);
 * await backend.start();
 */
export function createBackend(options: { handleSignals?: boolean } = {}): Backend {
  return createBackendWith({
    defaultServiceFactories: [...defaultServiceFactories],
    ...(options.handleSignals === undefined ? {} : { handleSignals: options.handleSignals }),
    async onConfigLoaded({ features, registry }) {
      validateConfig({
        config: await registry.getRoot(coreServices.rootConfig),
        logger: await registry.getRoot(coreServices.rootLogger),
        features,
      });
    },
  });
}
