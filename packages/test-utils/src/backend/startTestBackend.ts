import {
  createBackend,
  createRootConfigServiceFactory,
  type DefaultRootHttpRouter,
  rootHttpRouterServiceFactory,
} from '@greenroom/backend';
import {
  type BackendFeatureInput,
  coreServices,
  createServiceFactory,
  type ServiceFactory,
} from '@greenroom/backend-plugin-api';
import type { JsonObject } from '@greenroom/config';
import { isJsonObject } from '@greenroom/config';

/** Options of {@link startTestBackend}. */
export interface TestBackendOptions {
  /** Plugins, modules and service factories to install; a factory replaces the default for its ref. */
  features?: BackendFeatureInput[];
  /** Config merged over the test defaults (ephemeral port, in-memory SQLite, quiet logs). */
  config?: JsonObject;
}

/** A running backend for a test. Call `stop()` when the test is done (e.g. in `afterEach`). */
export interface TestBackend {
  /** Where it listens, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** `fetch` against the backend: `await backend.request('/api/catalog/entities')`. */
  request(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** What every test backend starts with; `options.config` is merged over it. */
export const TEST_BACKEND_DEFAULT_CONFIG: JsonObject = {
  backend: {
    baseUrl: 'http://localhost:7007',
    listen: { host: '127.0.0.1', port: 0 },
    database: { client: 'better-sqlite3', connection: ':memory:' },
    logger: { level: process.env.LOG_LEVEL ?? 'warn' },
    lifecycle: { shutdownTimeout: '5s' },
  },
};

/**
 * Starts a real backend with every default core service, on an ephemeral port,
 * with in-memory SQLite unless the config says otherwise. Signals are not handled,
 * so a failing test never exits the test process.
 *
 * @example
 * const backend = await startTestBackend({ features: [helloPlugin] });
 * const res = await backend.request('/api/hello/greeting');
 * await backend.stop();
 */
export async function startTestBackend(options: TestBackendOptions = {}): Promise<TestBackend> {
  const data = deepMerge(TEST_BACKEND_DEFAULT_CONFIG, options.config ?? {});
  let router: DefaultRootHttpRouter | undefined;
  const backend = createBackend({ handleSignals: false });
  backend.add(createRootConfigServiceFactory({ data }));
  backend.add(capturingRootHttpRouter((created) => (router = created)));
  for (const feature of options.features ?? []) backend.add(feature);
  await backend.start();
  const address = router?.getListenAddress();
  if (!address) {
    await backend.stop();
    throw new Error('startTestBackend: the backend did not listen; was the root HTTP router replaced?');
  }
  const url = `http://127.0.0.1:${address.port}`;
  return {
    url,
    request: (path, init) => fetch(new URL(path, url), init),
    stop: () => backend.stop(),
  };
}

/** The default root HTTP router, handing its instance to `capture` so the test knows the port. */
function capturingRootHttpRouter(capture: (router: DefaultRootHttpRouter) => void): ServiceFactory {
  return createServiceFactory({
    service: coreServices.rootHttpRouter,
    deps: rootHttpRouterServiceFactory.deps as {
      config: typeof coreServices.rootConfig;
      logger: typeof coreServices.rootLogger;
      lifecycle: typeof coreServices.rootLifecycle;
      health: typeof coreServices.rootHealth;
    },
    async factory(deps) {
      const router = (await rootHttpRouterServiceFactory.factory(deps, undefined)) as DefaultRootHttpRouter;
      capture(router);
      return router;
    },
  });
}

function deepMerge(base: JsonObject, override: JsonObject): JsonObject {
  const result: JsonObject = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = result[key];
    result[key] = isJsonObject(current) && isJsonObject(value) ? deepMerge(current, value) : value;
  }
  return result;
}
