export { LookupBatcher, type LookupBatcherOptions } from './event-loop/lookup-batcher.js';
export { TimeSlice } from './event-loop/time-slice.js';
export type { AuditorEvent, AuditorService, AuditorSeverity } from './services/auditor.js';
export type {
  AccessRestrictions,
  AuthService,
  Credentials,
  HttpAuthService,
  NonePrincipal,
  Principal,
  PrincipalType,
  ServicePrincipal,
  UserInfo,
  UserInfoService,
  UserPrincipal,
} from './services/auth.js';
export type { CacheService, Milliseconds } from './services/cache.js';
export type { Config, JsonValue } from './services/config.js';
export { coreServices } from './services/core-services.js';
export type { DatabaseDialect, DatabaseService, Kysely, Migration } from './services/database.js';
export {
  COPY_FROM_STDIN_MARKER,
  type CopyValue,
  copyRows,
  postgresArray,
  REUSE_PLAN_MARKER,
  reusePlan,
} from './services/database.js';
export type { DiscoveryService } from './services/discovery.js';
export type { HealthResponse, RootHealthService } from './services/health.js';
export type {
  FastifyInstance,
  FastifyPluginAsync,
  FastifyRequest,
  HttpAuthPolicy,
  HttpRouter,
  RootHttpRouter,
} from './services/http.js';
export type { Lifecycle, LifecycleHook, LifecycleHookOptions, RootLifecycle } from './services/lifecycle.js';
export type { Logger, LogLevel, LogMeta, RootLogger } from './services/logger.js';
export type {
  PermissionResourceTypeOptions,
  PermissionRule,
  PermissionsRegistryService,
  PermissionsService,
} from './services/permissions.js';
export type { PluginMetadata } from './services/plugin-metadata.js';
export type {
  HumanDuration,
  ScheduledTaskInfo,
  SchedulerService,
  TaskDefinition,
  TaskFrequency,
  TaskSchedule,
} from './services/scheduler.js';
export type {
  ReadUrlOptions,
  ReadUrlResponse,
  SearchResponse,
  SearchResponseFile,
  UrlReaderProvider,
  UrlReaderService,
} from './services/url-reader.js';
export { createExtensionPoint, type ExtensionPoint } from './wiring/extension-point.js';
export type { BackendFeature, BackendFeatureInput } from './wiring/feature.js';
export {
  type BackendModule,
  type BackendPlugin,
  type ConfigSchema,
  createBackendModule,
  createBackendPlugin,
  type ModuleRegistrationPoints,
  PLUGIN_ID_PATTERN,
  type PluginRegistrationPoints,
  type ResolvedModuleDeps,
} from './wiring/plugin.js';
export {
  createServiceFactory,
  createServiceRef,
  type ResolvedDeps,
  type ServiceDeps,
  type ServiceFactory,
  type ServiceRef,
  type ServiceScope,
} from './wiring/service-ref.js';
