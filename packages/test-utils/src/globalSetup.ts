import net from 'node:net';
import type {} from 'vitest';
import type { TestProject } from 'vitest/node';

/** What the test run found reachable; tests read it with `inject('greenroomServices')`. */
export interface TestServices {
  postgres: { available: boolean; url: string };
  redis: { available: boolean; url: string };
  /** Set by CI: an unreachable service fails the run instead of skipping its tests. */
  required: boolean;
}

declare module 'vitest' {
  export interface ProvidedContext {
    greenroomServices: TestServices;
  }
}

export const DEFAULT_PG_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

function reachable(url: string, defaultPort: number): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname || '127.0.0.1', port: Number(port || defaultPort) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Vitest global setup: probes PostgreSQL and Redis once per run. With
 * `GREENROOM_TEST_REQUIRE_SERVICES=1` (set by `.ci/run`) an unreachable service fails
 * the run; otherwise the tests that need it are skipped with a message.
 */
export default async function setup(project: TestProject) {
  const required = process.env.GREENROOM_TEST_REQUIRE_SERVICES === '1';
  const pgUrl = process.env.GREENROOM_TEST_PG_URL ?? DEFAULT_PG_URL;
  const redisUrl = process.env.GREENROOM_TEST_REDIS_URL ?? DEFAULT_REDIS_URL;
  const [postgres, redis] = await Promise.all([reachable(pgUrl, 5432), reachable(redisUrl, 6379)]);
  const missing = [
    postgres ? undefined : `PostgreSQL at ${new URL(pgUrl).host} (GREENROOM_TEST_PG_URL)`,
    redis ? undefined : `Redis at ${new URL(redisUrl).host} (GREENROOM_TEST_REDIS_URL)`,
  ].filter(Boolean);
  if (missing.length > 0) {
    if (required) {
      throw new Error(
        `GREENROOM_TEST_REQUIRE_SERVICES=1 but these are unreachable: ${missing.join(', ')}. Start them (see README, "Running the tests").`,
      );
    }
    console.warn(
      `\n[greenroom] Skipping tests that need ${missing.join(' and ')}: not reachable. Start the service, or set GREENROOM_TEST_PG_URL / GREENROOM_TEST_REDIS_URL.\n`,
    );
  }
  project.provide('greenroomServices', {
    postgres: { available: postgres, url: pgUrl },
    redis: { available: redis, url: redisUrl },
    required,
  });
}
