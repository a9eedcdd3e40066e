import type {
  FastifyInstance,
  FastifyPluginAsync,
  HttpAuthPolicy,
  HttpAuthService,
  HttpRouter,
  Logger,
  RootHttpRouter,
} from '@greenroom/backend-plugin-api';
import { AuthPolicies } from './auth-policies.js';
import { createCredentialsBarrier } from './credentials-barrier.js';
import { notFound, sendError } from './error-handler.js';

/** Where every plugin router issues the limited user cookie. */
export const USER_COOKIE_PATH = '/.backstage/auth/v1/cookie';

/** Options for {@link PluginHttpRouter}. */
export interface PluginHttpRouterOptions {
  pluginId: string;
  rootHttpRouter: RootHttpRouter;
  httpAuth: HttpAuthService;
  logger: Logger;
  /** Require credentials on every route not covered by a policy (default true). */
  defaultAuthPolicy?: boolean;
}

/**
 * A plugin's router at `/api/<pluginId>`: one encapsulated Fastify scope holding the
 * credentials barrier, a 404 handler behind it (so unknown paths do not reveal which
 * ones exist), and the routes the plugin added with `use`.
 *
 * @example
 * const router = new PluginHttpRouter({ pluginId: 'hello', rootHttpRouter, httpAuth, logger });
 * router.use(async (app) => app.get('/greeting', async () => ({ hello: 'world' })));
 * router.addAuthPolicy({ path: '/greeting', allow: 'unauthenticated' });
 */
export class PluginHttpRouter implements HttpRouter {
  readonly #options: PluginHttpRouterOptions;
  readonly #basePath: string;
  readonly #policies = new AuthPolicies();
  readonly #routes: FastifyPluginAsync[] = [];
  #mounted = false;
  #sealed = false;

  constructor(options: PluginHttpRouterOptions) {
    this.#options = options;
    this.#basePath = `/api/${options.pluginId}`;
    this.#policies.add({ path: USER_COOKIE_PATH, allow: 'user-cookie' });
  }

  use(routes: FastifyPluginAsync): void {
    if (this.#sealed) {
      throw new Error(
        `Plugin '${this.#options.pluginId}' added routes after the HTTP server started; ` +
          'call httpRouter.use while the plugin initialises (in its init)',
      );
    }
    this.#routes.push(routes);
    if (!this.#mounted) {
      this.#mounted = true;
      this.#options.rootHttpRouter.use(this.#basePath, (app) => this.#mount(app));
    }
  }

  addAuthPolicy(policy: HttpAuthPolicy): void {
    this.#policies.add(policy);
    this.#options.logger.debug(`Auth policy: ${this.#basePath}${policy.path} allows ${policy.allow}`);
  }

  async #mount(app: FastifyInstance): Promise<void> {
    this.#sealed = true;
    const { httpAuth } = this.#options;
    if (this.#options.defaultAuthPolicy ?? true) {
      app.addHook(
        'onRequest',
        createCredentialsBarrier({ basePath: this.#basePath, policies: this.#policies, httpAuth }),
      );
    }
    app.setNotFoundHandler((request, reply) => sendError(reply, request, notFound(request)));
    // Issues the limited user cookie (needs user credentials; the cookie itself renews it).
    app.get(USER_COOKIE_PATH, async (request, reply) => {
      const credentials = await httpAuth.credentials(request, { allow: ['user'], allowLimitedAccess: true });
      const { expiresAt } = await httpAuth.issueUserCookie(reply, { credentials });
      return { expiresAt: expiresAt.toISOString() };
    });
    for (const routes of this.#routes) await app.register(routes);
  }
}
