import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { databaseConfigSchema } from './database-config.js';
import { DatabaseManager } from './database-manager.js';
import { RecordingLogger } from './test-support.js';

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('connecting at startup', () => {
  it('retries an unreachable server with backoff, logging each retry, then names the host and config key', async () => {
    const port = await closedPort();
    const logger = new RecordingLogger();
    const manager = new DatabaseManager(
      databaseConfigSchema.parse({
        client: 'pg',
        connection: `postgres://postgres:secret-password@127.0.0.1:${port}/postgres`,
        connectRetries: { attempts: 3, initialDelayMillis: 1, maxDelayMillis: 2 },
      }),
      { logger },
    );
    try {
      const error = await manager
        .forPlugin('catalog')
        .getClient()
        .then(
          () => undefined,
          (e: Error) => e,
        );
      expect(error?.message).toMatch(
        new RegExp(
          `^Could not connect to PostgreSQL at 127\\.0\\.0\\.1:${port} after 3 attempts: .*ECONNREFUSED.*backend\\.database\\.connection`,
        ),
      );
      expect(error?.message).not.toContain('secret-password');
      const retries = logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);
      expect(retries).toEqual([
        expect.stringMatching(
          /^PostgreSQL at 127\.0\.0\.1:\d+ is not reachable \(attempt 1 of 3\): .*; retrying in 1 ms$/,
        ),
        expect.stringMatching(/\(attempt 2 of 3\): .*; retrying in 2 ms$/),
      ]);
    } finally {
      await manager.destroy();
    }
  });

  it('names the plugin override key when the plugin has its own connection', async () => {
    const port = await closedPort();
    const manager = new DatabaseManager(
      databaseConfigSchema.parse({
        plugin: { search: { client: 'pg', connection: { host: '127.0.0.1', port } } },
        connectRetries: { attempts: 1 },
      }),
      { logger: new RecordingLogger() },
    );
    try {
      await expect(manager.forPlugin('search').getClient()).rejects.toThrow(
        'backend.database.plugin.search.connection',
      );
    } finally {
      await manager.destroy();
    }
  });

  it('makes plugins starting together share one wait instead of each retrying', async () => {
    const port = await closedPort();
    const logger = new RecordingLogger();
    const manager = new DatabaseManager(
      databaseConfigSchema.parse({
        client: 'pg',
        connection: { host: '127.0.0.1', port },
        connectRetries: { attempts: 2, initialDelayMillis: 1, maxDelayMillis: 1 },
      }),
      { logger },
    );
    try {
      const results = await Promise.allSettled(
        ['a', 'b', 'c'].map((id) => manager.forPlugin(id).getClient()),
      );
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
      expect(logger.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    } finally {
      await manager.destroy();
    }
  });
});
