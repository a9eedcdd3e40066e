import {
  type AuthService,
  coreServices,
  createServiceFactory,
  type Logger,
  type RootHttpRouter,
  type ServiceFactory,
} from '@greenroom/backend-plugin-api';
import { backendAuthConfigSchema } from './auth-config.js';
import { createBuiltinTokenHandler } from './builtin-token-handler.js';
import { DefaultAuthService } from './default-auth-service.js';
import { ExternalAccess } from './external-access/external-access.js';
import { DatabasePluginKeyStore } from './key-store/database-plugin-key-store.js';
import type { PluginKeyStore } from './key-store/plugin-key-store.js';
import { StaticPluginKeyStore } from './key-store/static-plugin-key-store.js';
import { PLUGIN_JWKS_PATH, PluginTokens } from './plugin-tokens.js';
import { RemoteKeySets } from './remote-key-sets.js';
import type { TokenHandler } from './token-handler.js';
import { UserTokens } from './user-tokens.js';

/**
 * Creates the `coreServices.auth` factory. Each plugin gets its own service: it
 * verifies user tokens, plugin tokens, limited user tokens and
 * `backend.auth.externalAccess` tokens (then the extra `tokenHandlers`, if any), signs
 * its plugin tokens with keys from `backend.auth.pluginKeyStore`, and serves its public
 * keys at `GET /api/<pluginId>/.backstage/auth/v1/jwks.json` (public).
 *
 * @example
 * backend.add(createAuthServiceFactory({ tokenHandlers: [myTokenHandler] }));
 */
export function createAuthServiceFactory(
  options: { tokenHandlers?: readonly TokenHandler[] } = {},
): ServiceFactory<AuthService, 'plugin'> {
  return createServiceFactory({
    service: coreServices.auth,
    rootDeps: { config: coreServices.rootConfig, discovery: coreServices.discovery },
    async createRootContext({ config, discovery }) {
      const settings = config.read('backend.auth', backendAuthConfigSchema);
      const keySets = new RemoteKeySets();
      const { pluginKeyStore } = settings;
      const staticStore =
        pluginKeyStore.type === 'static'
          ? await StaticPluginKeyStore.load(pluginKeyStore.static!.keys)
          : undefined;
      const algorithms = [
        ...new Set(['ES256', ...(staticStore ? pluginKeyStore.static!.keys.map((k) => k.algorithm) : [])]),
      ];
      return {
        settings,
        keySets,
        staticStore,
        algorithms,
        userTokens: new UserTokens({ discovery, keySets }),
        externalAccess: new ExternalAccess(settings.externalAccess, keySets),
      };
    },
    deps: {
      logger: coreServices.logger,
      pluginMetadata: coreServices.pluginMetadata,
      database: coreServices.database,
      discovery: coreServices.discovery,
      rootHttpRouter: coreServices.rootHttpRouter,
    },
    factory({ logger, pluginMetadata, database, discovery, rootHttpRouter }, root) {
      const pluginId = pluginMetadata.getId();
      const keyStore: PluginKeyStore =
        root.staticStore ??
        new DatabasePluginKeyStore({
          database,
          logger,
          keyDurationMs: root.settings.pluginKeyStore.database.keyDuration,
        });
      serveJwks(rootHttpRouter, pluginId, keyStore, logger);
      const pluginTokens = new PluginTokens({
        pluginId,
        keyStore,
        discovery,
        keySets: root.keySets,
        userTokens: root.userTokens,
        algorithms: root.algorithms,
      });
      return new DefaultAuthService({
        pluginId,
        logger,
        pluginTokens,
        allowNoneCredentialsRequests: root.settings.dangerouslyDisableDefaultAuthPolicy,
        tokenHandlers: [
          createBuiltinTokenHandler({
            pluginId,
            userTokens: root.userTokens,
            pluginTokens,
            externalAccess: root.externalAccess,
          }),
          ...(options.tokenHandlers ?? []),
        ],
      });
    },
  });
}

/**
 * Serves the plugin's public keys in a scope of its own, next to (not inside) the
 * plugin's router: no credentials barrier, and there even for plugins without routes.
 */
function serveJwks(
  rootHttpRouter: RootHttpRouter,
  pluginId: string,
  keyStore: PluginKeyStore,
  logger: Logger,
): void {
  try {
    rootHttpRouter.use(`/api/${pluginId}`, async (app) => {
      app.get(PLUGIN_JWKS_PATH, async (_request, reply) => {
        reply.header('cache-control', 'no-store');
        return keyStore.listPublicKeys();
      });
    });
  } catch (error) {
    // Only when the auth service is first asked for after the server started.
    logger.warn(
      `Cannot serve the public keys of plugin '${pluginId}' (${(error as Error).message}); ` +
        'its plugin tokens cannot be verified by others',
    );
  }
}

/** The default `coreServices.auth` (see {@link createAuthServiceFactory}). */
export const authServiceFactory = createAuthServiceFactory();
