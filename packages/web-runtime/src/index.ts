export { ApiProvider, useApi } from './apis/api-context.js';
export {
  type ApiDeps,
  type ApiFactory,
  type ApiRef,
  createApiFactory,
  createApiRef,
} from './apis/api-ref.js';
export { ApiRegistry } from './apis/api-registry.js';
export {
  type ConfigApi,
  FRONTEND_CONFIG_ELEMENT_ID,
  type FrontendConfigValue,
  readInjectedConfig,
  StaticConfigApi,
} from './apis/config-api.js';
export { configApiRef, discoveryApiRef, fetchApiRef, identityApiRef } from './apis/core-api-refs.js';
export { defaultCoreApis } from './apis/default-core-apis.js';
export { type DiscoveryApi, SameOriginDiscoveryApi } from './apis/discovery-api.js';
export { type FetchApi, IdentityFetchApi } from './apis/fetch-api.js';
export { type IdentityApi, type IdentityEnvironment, SessionIdentityApi } from './apis/identity-api.js';
export {
  type AuthProviderInfo,
  isSessionResponse,
  type Session,
  type SessionResponse,
} from './apis/session.js';
export { AppProvider, useApp } from './app/app-context.js';
export { type App, type CreateAppOptions, createApp } from './app/create-app.js';
export { type EntityFilter, matchesEntityFilter } from './plugin/entity-filter.js';
export {
  createFrontendPlugin,
  type EntityCardExtension,
  type EntityTabExtension,
  type FrontendPlugin,
  type FrontendPluginOptions,
  type NavItemExtension,
  type PageExtension,
} from './plugin/frontend-plugin.js';
export {
  createExternalRouteRef,
  createRouteRef,
  type ExternalRouteRef,
  type RouteRef,
} from './routing/route-ref.js';
export { type RouteBindings, RouteResolver } from './routing/route-resolver.js';
export { RouteResolverProvider, useRouteRef } from './routing/use-route-ref.js';
