import type { Logger } from '@greenroom/backend-plugin-api';
import { ConflictError, InputError } from '@greenroom/errors';
import type { z } from 'zod';
import { mergeScopes, providerCommonConfigSchema, splitScopes } from '../config/auth-config.js';
import type {
  AuthProviderRegistration,
  DirectSignInRegistration,
  ProviderAuthenticator,
  SignInResolverFactory,
} from '../providers/types.js';
import { SignInResolution } from '../sign-in/sign-in-resolution.js';

/** One configured environment of an OAuth/OIDC provider. */
export interface ProviderEnvironment {
  authenticator: ProviderAuthenticator;
  callbackUrl: string;
  /** Required ∪ additionalScopes. */
  scopes: string[];
  scopeSeparator: string;
  resolution: SignInResolution;
}

/** A provider ready to serve sign-ins. */
export type ConfiguredProvider =
  | {
      kind: 'oauth';
      id: string;
      title: string;
      registration: AuthProviderRegistration<unknown>;
      environments: ReadonlyMap<string, ProviderEnvironment>;
    }
  | {
      kind: 'direct';
      id: string;
      title: string;
      registration: DirectSignInRegistration<unknown>;
      config: unknown;
    };

/**
 * Builds the configured providers from the registered ones and `auth.providers`: an
 * OAuth provider per environment block (`auth.providers.<id>.<env>`), a direct
 * provider (guest) from its block. Registered but unconfigured providers are left out;
 * configured but unregistered ones are logged.
 *
 * @example
 * const providers = await configureProviders({ registrations, resolvers, providersConfig, logger, externalBaseUrl });
 */
export async function configureProviders(options: {
  registrations: ReadonlyArray<AuthProviderRegistration<unknown> | DirectSignInRegistration<unknown>>;
  resolvers: ReadonlyMap<string, SignInResolverFactory<any>>;
  providersConfig: Record<string, unknown>;
  logger: Logger;
  /** `<external auth base URL>`, for default callback URLs. */
  externalBaseUrl: string;
}): Promise<Map<string, ConfiguredProvider>> {
  const configured = new Map<string, ConfiguredProvider>();
  for (const registration of options.registrations) {
    const id = registration.providerId;
    const block = options.providersConfig[id];
    if (block === undefined || block === null) continue;
    const title = registration.title ?? id;
    if ('kind' in registration && registration.kind === 'direct') {
      configured.set(id, {
        kind: 'direct',
        id,
        title,
        registration,
        config: parseConfig(registration.configSchema, block, `auth.providers.${id}`),
      });
      continue;
    }
    const oauth = registration as AuthProviderRegistration<unknown>;
    if (typeof block !== 'object' || Array.isArray(block)) {
      throw new InputError(`auth.providers.${id} must map environment names to provider settings`);
    }
    const factories = new Map([...options.resolvers, ...Object.entries(oauth.resolvers ?? {})]);
    const environments = new Map<string, ProviderEnvironment>();
    for (const [environment, settings] of Object.entries(block as Record<string, unknown>)) {
      const key = `auth.providers.${id}.${environment}`;
      const common = parseConfig(providerCommonConfigSchema, settings, key);
      const providerConfig = parseConfig(oauth.configSchema, settings, key);
      const callbackUrl = common.callbackUrl ?? `${options.externalBaseUrl}/${id}/handler/frame`;
      const authenticator = await oauth.create({
        config: providerConfig,
        callbackUrl,
        logger: options.logger.child({ provider: id, environment }),
      });
      environments.set(environment, {
        authenticator,
        callbackUrl,
        scopes: mergeScopes(oauth.requiredScopes, splitScopes(common.additionalScopes)),
        scopeSeparator: oauth.scopeSeparator ?? ' ',
        resolution: SignInResolution.create({
          configKey: `${key}.signIn.resolvers`,
          entries: common.signIn?.resolvers ?? [{ resolver: 'emailMatchingUserEntityProfileEmail' }],
          factories,
        }),
      });
    }
    configured.set(id, { kind: 'oauth', id, title, registration: oauth, environments });
  }
  for (const id of Object.keys(options.providersConfig)) {
    if (!configured.has(id) && !options.registrations.some((r) => r.providerId === id)) {
      options.logger.warn(
        `auth.providers.${id} is configured but no module provides the '${id}' sign-in provider; add its module to the backend`,
      );
    }
  }
  return configured;
}

/** Registrations by id; a second one with the same id is refused. */
export function addRegistration(
  registrations: Map<string, AuthProviderRegistration<unknown> | DirectSignInRegistration<unknown>>,
  registration: AuthProviderRegistration<unknown> | DirectSignInRegistration<unknown>,
): void {
  if (registrations.has(registration.providerId)) {
    throw new ConflictError(
      `Two modules register the sign-in provider '${registration.providerId}'; install only one of them`,
    );
  }
  registrations.set(registration.providerId, registration);
}

function parseConfig<S extends z.ZodType>(schema: S, value: unknown, key: string): z.output<S> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${[key, ...issue.path.map(String)].join('.')}: ${issue.message}`)
      .join('; ');
    throw new InputError(`Invalid sign-in provider config: ${problems}`);
  }
  return parsed.data;
}
