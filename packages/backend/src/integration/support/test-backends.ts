import type { BackendFeatureInput } from '@greenroom/backend-plugin-api';
import type { JsonObject } from '@greenroom/config';
import { startTestBackend, type TestBackend } from '@greenroom/test-utils';
import { afterEach } from 'vitest';
import { LogCapture } from './log-capture.js';

/** Options of {@link TestBackends.start}. */
export interface StartOptions {
  features?: BackendFeatureInput[];
  /** Merged over the `startTestBackend` defaults. */
  config?: JsonObject;
  /** Where the backend logs; a fresh capture when left out. */
  logs?: LogCapture;
}

/** A running backend and everything it logged. */
export interface StartedBackend extends TestBackend {
  readonly logs: LogCapture;
}

/** Starts backends for the tests of one file and stops whatever is still running after each test. */
export interface TestBackends {
  start(options?: StartOptions): Promise<StartedBackend>;
}

/**
 * Registers an `afterEach` that stops every backend the test started (also when it
 * failed halfway), and starts backends whose logs go to a {@link LogCapture} rather
 * than stdout. Call it at the top of a test file.
 *
 * @example
 * const backends = useTestBackends();
 * it('serves', async () => {
 *   const backend = await backends.start({ features: [helloPlugin] });
 *   expect((await backend.request('/api/hello/greeting')).status).toBe(200);
 * });
 */
export function useTestBackends(): TestBackends {
  const running = new Set<TestBackend>();
  afterEach(async () => {
    const stopping = [...running];
    running.clear();
    await Promise.all(stopping.map((backend) => backend.stop()));
  });
  return {
    async start(options = {}) {
      const logs = options.logs ?? new LogCapture();
      const backend = await startTestBackend({
        features: [logs.factory(), ...(options.features ?? [])],
        ...(options.config ? { config: options.config } : {}),
      });
      running.add(backend);
      return {
        url: backend.url,
        request: (path, init) => backend.request(path, init),
        stop: async () => {
          running.delete(backend);
          await backend.stop();
        },
        logs,
      };
    },
  };
}
