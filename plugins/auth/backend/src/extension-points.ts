import { type BackendModule, createBackendModule, createExtensionPoint } from '@greenroom/backend-plugin-api';
import { z } from 'zod';
import { providerCommonConfigSchema } from './config/auth-config.js';
import type {
  AuthProviderRegistration,
  DirectSignInRegistration,
  SignInResolverFactory,
} from './providers/types.js';

/** What modules can add to the auth plugin's sign-in providers. */
export interface AuthProvidersExtension {
  /** Adds a provider; a second provider with the same id stops startup naming both modules. */
  registerProvider(provider: AuthProviderRegistration<any> | DirectSignInRegistration<any>): void;
}

/**
 * Lets modules add sign-in providers to the auth plugin. Most modules use
 * {@link createAuthProviderModule} instead of this directly.
 *
 * @example
 * reg.registerInit({
 *   deps: { providers: authProvidersExtensionPoint },
 *   async init({ providers }) { providers.registerProvider(myProvider); },
 * });
 */
export const authProvidersExtensionPoint = createExtensionPoint<AuthProvidersExtension>({
  id: 'auth.providers',
});

/** What modules can add to the sign-in resolvers every provider may use. */
export interface AuthSignInResolversExtension {
  /** Adds a resolver that config selects by `name` in `signIn.resolvers[].resolver`. */
  registerResolver(name: string, factory: SignInResolverFactory<any>): void;
}

/**
 * Lets modules add custom sign-in resolvers.
 *
 * @example
 * reg.registerInit({
 *   deps: { resolvers: authSignInResolversExtensionPoint },
 *   async init({ resolvers }) {
 *     resolvers.registerResolver('employeeIdMatchingUserEntityName', {
 *       create: () => async (info, ctx) =>
 *         ctx.signInWithCatalogUser({ filter: { kind: 'user', 'metadata.name': String(info.raw.employee_id) } }),
 *     });
 *   },
 * });
 */
export const authSignInResolversExtensionPoint = createExtensionPoint<AuthSignInResolversExtension>({
  id: 'auth.signInResolvers',
});

/**
 * A backend module that adds one sign-in provider to the auth plugin: module id
 * `<providerId>-provider`.
 *
 * @example
 * export const authModuleGithubProvider = createAuthProviderModule(githubProvider);
 * backend.add(authModuleGithubProvider);
 */
export function createAuthProviderModule(
  provider: AuthProviderRegistration<any> | DirectSignInRegistration<any>,
): BackendModule {
  // The provider's keys in the config schema: editors complete them, and values marked
  // `visibility: 'secret'` (client secrets) are redacted from every log line.
  const block =
    'kind' in provider && provider.kind === 'direct'
      ? provider.configSchema
      : z.record(z.string(), providerCommonConfigSchema.and(provider.configSchema));
  const configSchema = z.object({
    auth: z
      .object({ providers: z.object({ [provider.providerId]: block.optional() }).optional() })
      .optional(),
  });
  return createBackendModule({
    pluginId: 'auth',
    moduleId: `${provider.providerId}-provider`,
    configSchema,
    register(reg) {
      reg.registerInit({
        deps: { providers: authProvidersExtensionPoint },
        async init({ providers }) {
          providers.registerProvider(provider);
        },
      });
    },
  });
}
