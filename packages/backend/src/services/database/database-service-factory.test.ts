import type { LifecycleHook, RootLifecycle } from '@greenroom/backend-plugin-api';
import { ConfigReader, type JsonObject } from '@greenroom/config';
import { describe, expect, it } from 'vitest';
import { databaseServiceFactory } from './database-service-factory.js';
import { RecordingLogger } from './test-support.js';

/** A root lifecycle whose shutdown hooks the test runs itself. */
class TestLifecycle implements RootLifecycle {
  readonly shutdownHooks: LifecycleHook[] = [];
  addStartupHook(): void {}
  addBeforeShutdownHook(): void {}
  addShutdownHook(hook: LifecycleHook): void {
    this.shutdownHooks.push(hook);
  }
  async shutdown(): Promise<void> {
    for (const hook of this.shutdownHooks) await hook();
  }
}

function createRoot(data: JsonObject) {
  const lifecycle = new TestLifecycle();
  const logger = Object.assign(new RecordingLogger(), { addRedactions() {} });
  const context = databaseServiceFactory.createRootContext!({
    config: new ConfigReader(data),
    logger,
    lifecycle,
  });
  const forPlugin = (pluginId: string) =>
    databaseServiceFactory.factory(
      { pluginMetadata: { getId: () => pluginId }, logger: new RecordingLogger() },
      context,
    );
  return { lifecycle, forPlugin };
}

describe('databaseServiceFactory', () => {
  it('provides coreServices.database per plugin from backend.database', async () => {
    const { lifecycle, forPlugin } = createRoot({
      backend: { database: { client: 'better-sqlite3', connection: ':memory:' } },
    });
    const catalog = await forPlugin('catalog');
    expect(databaseServiceFactory.service.id).toBe('core.database');
    expect(catalog.dialect).toBe('sqlite');
    const db = await catalog.getClient();
    await db.schema.createTable('things').addColumn('id', 'integer').execute();
    await lifecycle.shutdown();
  });

  it('works without any backend.database config', async () => {
    const { lifecycle, forPlugin } = createRoot({});
    expect((await forPlugin('catalog')).dialect).toBe('sqlite');
    await lifecycle.shutdown();
  });

  it('closes every database in a root shutdown hook', async () => {
    const { lifecycle, forPlugin } = createRoot({ backend: { database: { connection: ':memory:' } } });
    const db = await (await forPlugin('catalog')).getClient();
    expect(lifecycle.shutdownHooks).toHaveLength(1);
    await lifecycle.shutdown();
    await expect(db.selectFrom('things').selectAll().execute()).rejects.toThrow();
  });

  it('rejects an invalid backend.database block, naming the key', () => {
    expect(() => createRoot({ backend: { database: { client: 'mysql' } } })).toThrow(
      'backend.database.client',
    );
  });
});
