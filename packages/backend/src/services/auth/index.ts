export {
  type BackendAuthConfig,
  backendAuthConfigSchema,
  type ExternalAccessEntry,
  externalAccessEntrySchema,
  type PluginKeyStoreConfig,
  pluginKeyStoreConfigSchema,
} from './auth-config.js';
export { authServiceFactory, createAuthServiceFactory } from './auth-service-factory.js';
export { MAX_AUTHORIZATION_HEADER_LENGTH, readBearerToken } from './bearer-token.js';
export { createCredentials } from './credentials.js';
export { DefaultAuthService, type DefaultAuthServiceOptions } from './default-auth-service.js';
export { DefaultHttpAuthService, type DefaultHttpAuthServiceOptions } from './default-http-auth-service.js';
export { httpAuthServiceFactory } from './http-auth-service-factory.js';
export { PUBLIC_KEYS_TABLE } from './key-store/database-plugin-key-store.js';
export { PLUGIN_JWKS_PATH, PLUGIN_TOKEN_LIFETIME_MS } from './plugin-tokens.js';
export { type TokenHandler, TokenRefusal } from './token-handler.js';
export { LIMITED_USER_TOKEN_TYPE, PLUGIN_TOKEN_TYPE, USER_TOKEN_TYPE } from './token-types.js';
export { MAX_COOKIE_HEADER_LENGTH, USER_COOKIE_NAME } from './user-cookie.js';
