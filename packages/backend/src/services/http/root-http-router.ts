import { createServer } from 'node:http';
import fastifyCors from '@fastify/cors';
import type { FastifyPluginAsync, Logger, RootHttpRouter } from '@greenroom/backend-plugin-api';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { installAccessLog } from './access-log.js';
import { dispatchInArrivalOrder } from './arrival-order.js';
import { toFastifyCorsOptions } from './cors-config.js';
import { installErrorHandling } from './error-handler.js';
import { GracefulShutdown } from './graceful-shutdown.js';
import type { RootHttpRouterSettings } from './http-server-config.js';
import { type ListenAddress, urlHost } from './listen-config.js';

/** Options for {@link DefaultRootHttpRouter}. */
export interface DefaultRootHttpRouterOptions {
  settings: RootHttpRouterSettings;
  logger: Logger;
  /** Show the message of server errors (5xx) to callers; for development only. */
  exposeInternalErrors?: boolean;
}

/**
 * The one Fastify server of the backend. Plugins and the web app add routes with
 * `use(prefix, routes)` while they initialise; `listen()` (a root startup hook)
 * opens the port and `stop()` (a before-shutdown hook) drains and closes it.
 * Routes may declare zod schemas (`schema: { querystring, body, response }`).
 *
 * @example
 * const router = new DefaultRootHttpRouter({ settings: readRootHttpRouterSettings(config), logger });
 * router.use('/', async (app) => app.get('/hello', async () => ({ hello: 'world' })));
 * await router.listen(); // http://localhost:7007
 */
export class DefaultRootHttpRouter implements RootHttpRouter {
  readonly #server: FastifyInstance;
  readonly #settings: RootHttpRouterSettings;
  readonly #logger: Logger;
  readonly #shutdown: GracefulShutdown;
  #started = false;

  constructor(options: DefaultRootHttpRouterOptions) {
    const { settings, logger } = options;
    this.#settings = settings;
    this.#logger = logger;
    this.#server = Fastify({
      bodyLimit: settings.http.bodyLimit,
      // Fastify applies the timeouts only to a server it creates itself.
      serverFactory: (handler) => {
        const server = createServer(dispatchInArrivalOrder(handler));
        server.requestTimeout = settings.http.requestTimeout;
        server.keepAliveTimeout = settings.http.keepAliveTimeout;
        server.setTimeout(settings.http.connectionTimeout);
        return server;
      },
      return503OnClosing: false,
      routerOptions: { ignoreTrailingSlash: true },
    });
    acceptEmptyJsonBodies(this.#server);
    this.#server.setValidatorCompiler(validatorCompiler);
    this.#server.setSerializerCompiler(serializerCompiler);
    installErrorHandling(this.#server, { logger, exposeInternal: options.exposeInternalErrors ?? false });
    installAccessLog(this.#server, logger);
    this.#shutdown = new GracefulShutdown(this.#server, logger, settings.lifecycle);
    if (settings.cors) this.#server.register(fastifyCors, toFastifyCorsOptions(settings.cors));
  }

  /** The Fastify instance (for tests and tooling such as OpenAPI generation). */
  get server(): FastifyInstance {
    return this.#server;
  }

  /** Whether the server has begun closing; requests then get 503. */
  get closing(): boolean {
    return this.#shutdown.closing;
  }

  use(prefix: string, routes: FastifyPluginAsync): void {
    if (!/^\/[^?#\s]*$/.test(prefix)) {
      throw new TypeError(
        `Invalid route prefix '${prefix}': use a path that starts with '/', such as '/' or '/api'`,
      );
    }
    if (this.#started) {
      throw new Error(
        `Cannot add routes under '${prefix}' after the HTTP server has started; ` +
          'add routes while your plugin initialises (in its init), not in a startup hook or later',
      );
    }
    this.#server.register(routes, { prefix: prefix.replace(/\/+$/, '') });
  }

  /**
   * Opens the port; returns the URL it listens on. Run it once every plugin has
   * added its routes (the service factory does so in a root startup hook).
   */
  async listen(): Promise<string> {
    if (this.#started) throw new Error('The HTTP server has already been started');
    this.#started = true;
    const { host, port } = this.#settings.listen;
    try {
      await this.#server.listen({ host, port });
    } catch (error) {
      throw new Error(
        `The HTTP server could not listen on ${host}:${port} (backend.listen): ${(error as Error).message}`,
        { cause: error },
      );
    }
    const url = `http://${urlHost(host)}:${this.getListenAddress()!.port}`;
    this.#logger.info(`Listening on ${url}`, {
      addresses: this.#server.addresses().map((a) => (typeof a === 'string' ? a : `${a.address}:${a.port}`)),
    });
    return url;
  }

  /**
   * Where the server listens, with the real port when `backend.listen.port` is 0;
   * undefined before `listen()` and after `stop()`.
   */
  getListenAddress(): ListenAddress | undefined {
    const address = this.#server.server.address();
    if (address === null || typeof address === 'string') return undefined;
    return { host: this.#settings.listen.host, port: address.port };
  }

  /** Drains and closes the server (see `backend.lifecycle`). Safe to call more than once. */
  stop(): Promise<void> {
    this.#started = true;
    return this.#shutdown.stop();
  }
}

/**
 * Fastify refuses an empty body sent as `application/json`; Express (and so Backstage,
 * and clients written against it, like `@backstage/catalog-client` on DELETE) accepts it
 * as no body. Empty bodies parse to `undefined`; everything else goes through Fastify's
 * own parser, with its prototype-poisoning checks.
 */
function acceptEmptyJsonBodies(server: FastifyInstance): void {
  const parseJson = server.getDefaultJsonParser('error', 'error');
  server.removeContentTypeParser('application/json');
  server.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
