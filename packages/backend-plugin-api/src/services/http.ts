import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';

/**
 * Who may call a path without credentials. `unauthenticated` makes a path public;
 * `user-cookie` additionally accepts the limited browser cookie (for images and
 * docs assets that cannot send headers).
 */
export interface HttpAuthPolicy {
  /** A path relative to the plugin's base, matched as a prefix (`/static`), or `/` for all. */
  path: string;
  allow: 'unauthenticated' | 'user-cookie';
}

/**
 * The plugin's HTTP router, mounted at `/api/<pluginId>`. Routes are Fastify
 * plugins with their own encapsulated scope; declare zod schemas on routes for
 * validation and OpenAPI. Every route needs credentials unless a policy makes it public.
 *
 * @example
 * http.use(async (app) => {
 *   app.get('/greeting', async () => ({ hello: 'world' }));
 * });
 * http.addAuthPolicy({ path: '/greeting', allow: 'unauthenticated' });
 */
export interface HttpRouter {
  use(routes: FastifyPluginAsync): void;
  addAuthPolicy(policy: HttpAuthPolicy): void;
}

/**
 * The root router for paths outside `/api/*` (the web app, health checks).
 * `prefix` is a path such as `/` or `/.well-known`.
 */
export interface RootHttpRouter {
  use(prefix: string, routes: FastifyPluginAsync): void;
  /** The Fastify instance, available once the server has been built (for tests and tooling). */
  readonly server?: FastifyInstance;
}

/** Re-exported so plugins type their handlers without importing fastify directly. */
export type { FastifyInstance, FastifyPluginAsync, FastifyRequest };
