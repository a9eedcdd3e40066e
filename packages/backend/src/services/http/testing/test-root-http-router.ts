import { ConfigReader, type JsonObject } from '@greenroom/config';
import { TestLogger } from '@greenroom/test-utils';
import type { FastifyPluginAsync } from 'fastify';
import { readRootHttpRouterSettings } from '../http-server-config.js';
import { DefaultRootHttpRouter } from '../root-http-router.js';

/** A root router started for a test, with its URL and its captured logs. */
export interface TestRootHttpRouter {
  router: DefaultRootHttpRouter;
  logger: TestLogger;
  /** `http://127.0.0.1:<port>` */
  url: string;
}

/**
 * Builds a root HTTP router listening on 127.0.0.1 with a free port, adds `routes`
 * at `/` and starts it. `backend` is merged into the `backend` config block.
 * Stop it with `router.stop()`.
 *
 * @example
 * const { router, url } = await startTestRootHttpRouter(async (app) => app.get('/x', async () => 'x'));
 * await fetch(`${url}/x`);
 * await router.stop();
 */
export async function startTestRootHttpRouter(
  routes?: FastifyPluginAsync,
  backend: JsonObject = {},
): Promise<TestRootHttpRouter> {
  const logger = new TestLogger();
  const config = new ConfigReader({ backend: { listen: { host: '127.0.0.1', port: 0 }, ...backend } });
  const router = new DefaultRootHttpRouter({ settings: readRootHttpRouterSettings(config), logger });
  if (routes) router.use('/', routes);
  await router.listen();
  return { router, logger, url: `http://127.0.0.1:${router.getListenAddress()!.port}` };
}
