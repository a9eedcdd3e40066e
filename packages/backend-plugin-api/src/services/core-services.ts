import { createServiceRef } from '../wiring/service-ref.js';
import type { AuditorService } from './auditor.js';
import type { AuthService, HttpAuthService, UserInfoService } from './auth.js';
import type { CacheService } from './cache.js';
import type { Config } from './config.js';
import type { DatabaseService } from './database.js';
import type { DiscoveryService } from './discovery.js';
import type { RootHealthService } from './health.js';
import type { HttpRouter, RootHttpRouter } from './http.js';
import type { Lifecycle, RootLifecycle } from './lifecycle.js';
import type { Logger, RootLogger } from './logger.js';
import type { PermissionsRegistryService, PermissionsService } from './permissions.js';
import type { PluginMetadata } from './plugin-metadata.js';
import type { SchedulerService } from './scheduler.js';
import type { UrlReaderService } from './url-reader.js';

/**
 * The refs of the services every backend provides. `createBackend()` installs a real
 * default implementation for each; an app replaces one by adding its own factory.
 *
 * @example
 * reg.registerInit({
 *   deps: { logger: coreServices.logger, db: coreServices.database },
 *   async init({ logger, db }) { ... },
 * });
 */
export const coreServices = {
  rootConfig: createServiceRef<Config>({ id: 'core.rootConfig', scope: 'root' }),
  rootLogger: createServiceRef<RootLogger>({ id: 'core.rootLogger', scope: 'root' }),
  logger: createServiceRef<Logger>({ id: 'core.logger' }),
  rootLifecycle: createServiceRef<RootLifecycle>({ id: 'core.rootLifecycle', scope: 'root' }),
  lifecycle: createServiceRef<Lifecycle>({ id: 'core.lifecycle' }),
  rootHttpRouter: createServiceRef<RootHttpRouter>({ id: 'core.rootHttpRouter', scope: 'root' }),
  httpRouter: createServiceRef<HttpRouter>({ id: 'core.httpRouter' }),
  rootHealth: createServiceRef<RootHealthService>({ id: 'core.rootHealth', scope: 'root' }),
  discovery: createServiceRef<DiscoveryService>({ id: 'core.discovery', scope: 'root' }),
  database: createServiceRef<DatabaseService>({ id: 'core.database' }),
  cache: createServiceRef<CacheService>({ id: 'core.cache' }),
  scheduler: createServiceRef<SchedulerService>({ id: 'core.scheduler' }),
  auditor: createServiceRef<AuditorService>({ id: 'core.auditor' }),
  urlReader: createServiceRef<UrlReaderService>({ id: 'core.urlReader' }),
  auth: createServiceRef<AuthService>({ id: 'core.auth' }),
  httpAuth: createServiceRef<HttpAuthService>({ id: 'core.httpAuth' }),
  userInfo: createServiceRef<UserInfoService>({ id: 'core.userInfo' }),
  pluginMetadata: createServiceRef<PluginMetadata>({ id: 'core.pluginMetadata' }),
  permissions: createServiceRef<PermissionsService>({ id: 'core.permissions' }),
  permissionsRegistry: createServiceRef<PermissionsRegistryService>({ id: 'core.permissionsRegistry' }),
} as const;
