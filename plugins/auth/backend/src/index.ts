export {
  type AuthProvidersExtension,
  type AuthSignInResolversExtension,
  authProvidersExtensionPoint,
  authSignInResolversExtensionPoint,
  createAuthProviderModule,
} from './extension-points.js';
export { authModuleGuestProvider, guestAuthProvider } from './providers/guest/guest-provider.js';
export * from './providers/oauth-providers.js';
export { authModuleOidcProvider, oidcAuthProvider } from './providers/oidc/oidc-provider.js';
export type * from './providers/types.js';
export type { SessionResponse } from './service/auth-flows.js';
export { authPlugin } from './service/auth-plugin.js';
export { commonSignInResolvers } from './sign-in/common-resolvers.js';
