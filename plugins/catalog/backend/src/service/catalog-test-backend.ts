import type { BackendFeature } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import {
  startTestBackend,
  type TestBackend,
  type TestDatabaseId,
  type TestDatabases,
  waitFor,
} from '@greenroom/test-utils';
import { makeTempDir, removeTempDir, writeFiles } from '../reading/reading-test-fixtures.js';
import { catalogPlugin } from './catalog-plugin.js';

/** A backend running the catalog on a temp directory of entity files. */
export interface CatalogTestBackend extends TestBackend {
  dir: string;
  writeFiles(files: Record<string, string>): Promise<void>;
  /** GET an entity by ref (`kind:namespace/name`); undefined on 404. */
  entity(ref: string): Promise<Entity | undefined>;
  /** Waits until `check` holds for the entity (it must exist). */
  waitForEntity(ref: string, check?: (entity: Entity) => boolean): Promise<Entity>;
  json<T = unknown>(
    path: string,
    init?: { method?: string; body?: unknown },
  ): Promise<{ status: number; body: T }>;
}

/**
 * Starts a backend with the catalog plugin on a real database, reading `files` (written
 * to a temp directory) through a `file` location of `all.yaml` in config, with fast
 * polling and credentials checks off (identity comes with its own issue).
 *
 * @example
 * const catalog = await startCatalogTestBackend(databases, 'SQLITE', { 'all.yaml': locationYaml });
 */
export async function startCatalogTestBackend(
  databases: TestDatabases,
  databaseId: TestDatabaseId,
  files: Record<string, string>,
  options: { config?: Record<string, unknown>; features?: BackendFeature[] } = {},
): Promise<CatalogTestBackend> {
  const dir = await makeTempDir(files);
  const catalogConfig = (options.config?.catalog ?? {}) as Record<string, unknown>;
  const backendConfig = (options.config?.backend ?? {}) as Record<string, unknown>;
  const backend = await startTestBackend({
    features: [catalogPlugin, ...(options.features ?? [])],
    config: {
      ...options.config,
      backend: {
        database: await databases.createConfig(databaseId),
        auth: { dangerouslyDisableDefaultAuthPolicy: true },
        ...backendConfig,
      },
      catalog: {
        locations: files['all.yaml']
          ? [
              {
                type: 'file',
                target: `${dir}/all.yaml`,
                rules: [
                  {
                    allow: ['Location', 'Component', 'API', 'Group', 'User', 'System', 'Domain', 'Resource'],
                  },
                ],
              },
            ]
          : [],
        processingInterval: '300ms',
        stitchingStrategy: { pollingInterval: '50ms' },
        orphanStrategy: 'keep',
        ...catalogConfig,
      },
    },
  });
  const json = async <T>(path: string, init: { method?: string; body?: unknown } = {}) => {
    const response = await backend.request(path, {
      method: init.method ?? 'GET',
      ...(init.body !== undefined
        ? { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }
        : {}),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  };
  const entity = async (ref: string) => {
    const [kind, rest] = ref.split(':') as [string, string];
    const [namespace, name] = rest.split('/') as [string, string];
    const { status, body } = await json<Entity>(`/api/catalog/entities/by-name/${kind}/${namespace}/${name}`);
    return status === 200 ? body : undefined;
  };
  return {
    ...backend,
    dir,
    writeFiles: (more) => writeFiles(dir, more),
    entity,
    json,
    waitForEntity: (ref, check = () => true) =>
      waitFor(async () => {
        const found = await entity(ref);
        return found && check(found) ? found : undefined;
      }, `entity ${ref}`),
    stop: async () => {
      await backend.stop();
      await removeTempDir(dir);
    },
  };
}
