export { AuthPolicies } from './auth-policies.js';
export { type CorsConfig, corsConfigSchema, createOriginMatcher } from './cors-config.js';
export { authPolicyConfigSchema, httpRouterServiceFactory } from './http-router-service-factory.js';
export {
  httpServerConfigSchema,
  lifecycleConfigSchema,
  type RootHttpRouterSettings,
  readRootHttpRouterSettings,
} from './http-server-config.js';
export { type ListenAddress, listenConfigSchema } from './listen-config.js';
export { PluginHttpRouter, type PluginHttpRouterOptions } from './plugin-http-router.js';
export { DefaultRootHttpRouter, type DefaultRootHttpRouterOptions } from './root-http-router.js';
export { rootHttpRouterServiceFactory } from './root-http-router-service-factory.js';
