import type { Kysely } from '@greenroom/backend-plugin-api';
import { coreServices, createBackendPlugin } from '@greenroom/backend-plugin-api';
import { ConflictError } from '@greenroom/errors';
import { authBlockSchema, authConfigSchema } from '../config/auth-config.js';
import { authMigrations } from '../database/migrations.js';
import type { AuthDatabase } from '../database/tables.js';
import { authProvidersExtensionPoint, authSignInResolversExtensionPoint } from '../extension-points.js';
import { AllowedOrigins } from '../flow/allowed-origins.js';
import { PendingFlows } from '../flow/pending-flows.js';
import { SigningKeys } from '../identity/signing-keys.js';
import { UserTokenIssuer } from '../identity/user-tokens.js';
import type {
  AuthProviderRegistration,
  DirectSignInRegistration,
  SignInResolverFactory,
} from '../providers/types.js';
import { SessionStore } from '../sessions/session-store.js';
import { TokenSealer } from '../sessions/token-sealer.js';
import { UserInfoStore } from '../sessions/user-info-store.js';
import { CatalogIdentity } from '../sign-in/catalog-identity.js';
import { commonSignInResolvers } from '../sign-in/common-resolvers.js';
import { AuthFlows } from './auth-flows.js';
import { authRoutes } from './auth-routes.js';
import { addRegistration, configureProviders } from './provider-registry.js';

/**
 * The auth plugin (`/api/auth`): signs people in through the installed provider
 * modules (guest, OIDC, GitHub, …), resolves them to catalog users, keeps sessions and
 * issues Greenroom user tokens (ES256, verified by every plugin through
 * `/.well-known/jwks.json`). See docs/auth.md.
 *
 * @example
 * backend.add(authPlugin);
 * backend.add(authModuleGuestProvider);
 */
export const authPlugin = createBackendPlugin({
  pluginId: 'auth',
  configSchema: authConfigSchema,
  register(reg) {
    const registrations = new Map<
      string,
      AuthProviderRegistration<unknown> | DirectSignInRegistration<unknown>
    >();
    const resolvers = new Map<string, SignInResolverFactory<any>>(Object.entries(commonSignInResolvers));
    reg.registerExtensionPoint(authProvidersExtensionPoint, {
      registerProvider: (provider) => addRegistration(registrations, provider),
    });
    reg.registerExtensionPoint(authSignInResolversExtensionPoint, {
      registerResolver: (name, factory) => {
        if (resolvers.has(name)) throw new ConflictError(`Two sign-in resolvers are named '${name}'`);
        resolvers.set(name, factory);
      },
    });
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        http: coreServices.httpRouter,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        httpAuth: coreServices.httpAuth,
        auditor: coreServices.auditor,
      },
      async init({ config, logger, database, http, discovery, auth, httpAuth, auditor }) {
        const settings = config.read('auth', authBlockSchema);
        const environment = settings.environment;
        await database.migrate(authMigrations());
        const db = (await database.getClient<AuthDatabase>()) as Kysely<AuthDatabase>;

        const externalBaseUrl = await discovery.getExternalBaseUrl('auth');
        const appBaseUrl = config.getOptionalString('app.baseUrl') ?? externalBaseUrl;
        const keys = new SigningKeys({
          db,
          keyLifetimeMs: settings.keyLifetime,
          tokenLifetimeMs: settings.backstageTokenExpiration,
        });
        const tokens = new UserTokenIssuer({
          keys,
          issuer: () => discovery.getExternalBaseUrl('auth'),
          expiresInMs: settings.backstageTokenExpiration,
        });
        const userInfo = new UserInfoStore(db);
        const providers = await configureProviders({
          registrations: [...registrations.values()],
          resolvers,
          providersConfig: settings.providers,
          logger,
          externalBaseUrl,
        });
        const flows = new AuthFlows({
          environment,
          origins: new AllowedOrigins([appBaseUrl, ...settings.allowedOrigins]),
          pendingFlows: new PendingFlows({ db }),
          sessions: new SessionStore({
            db,
            sealer: new TokenSealer(settings.session.secret),
            expirationMs: settings.session.expiration,
          }),
          userInfo,
          tokens,
          catalog: new CatalogIdentity({
            discovery,
            auth,
            includeParentGroups: settings.ownership.includeParentGroups,
          }),
          auditor,
          logger,
          cookiePathBase: new URL(externalBaseUrl).pathname.replace(/\/$/, ''),
          secureCookies: externalBaseUrl.startsWith('https:'),
        });
        http.use(
          authRoutes({
            providers,
            flows,
            keys,
            userInfo,
            httpAuth,
            environment,
            issuer: () => discovery.getExternalBaseUrl('auth'),
          }),
        );
        http.addAuthPolicy({ path: '/providers', allow: 'unauthenticated' });
        http.addAuthPolicy({ path: '/.well-known', allow: 'unauthenticated' });
        for (const id of providers.keys()) http.addAuthPolicy({ path: `/${id}`, allow: 'unauthenticated' });
        logger.info(`Sign-in providers: ${[...providers.keys()].join(', ') || 'none configured'}`);
      },
    });
  },
});
