import path from 'node:path';
import { coreServices, createBackendPlugin } from '@greenroom/backend-plugin-api';
import type { Entity } from '@greenroom/catalog-model';
import { ConflictError } from '@greenroom/errors';
import { CATALOG_ENTITY_RESOURCE_TYPE, catalogPermissions } from '@greenroom/plugin-catalog-common';
import { EntityHistory } from '../api/history/entity-history.js';
import { createCatalogRouter } from '../api/routes/catalog-router.js';
import { entityRoutes } from '../api/routes/entity-routes.js';
import { locationRoutes } from '../api/routes/location-routes.js';
import { modelRoutes } from '../api/routes/model-routes.js';
import { CatalogReader } from '../api/store/index.js';
import { UnprocessedEntities } from '../api/unprocessed/unprocessed-entities.js';
import { catalogBlockSchema, catalogConfigSchema } from '../config/catalog-config.js';
import { catalogMigrations } from '../database/migrations.js';
import type { CatalogDatabase } from '../database/tables.js';
import {
  type CatalogLocationsExtension,
  type CatalogProcessingExtension,
  catalogLocationsExtensionPoint,
  catalogProcessingExtensionPoint,
} from '../extension-points.js';
import {
  ConfigLocationsProvider,
  fileLocationDirectory,
  resolveConfigLocations,
} from '../locations/config-locations.js';
import { LocationStore } from '../locations/location-store.js';
import { catalogModelExtensionPoint, ModelFragmentCollector } from '../model/index.js';
import { CatalogAccess } from '../permissions/catalog-access.js';
import { catalogPermissionRules } from '../permissions/catalog-rules.js';
import type { CatalogProcessor } from '../processing/catalog-processor.js';
import type { EntityProvider } from '../providers/entity-provider.js';
import { createAllowedKindsRule } from '../reading/index.js';
import { pruneHistory } from '../stitching/index.js';
import { CatalogEngine } from './catalog-engine.js';
import { createDefaultLocationReading } from './default-location-reading.js';
import { LocationAnalysis } from './location-analysis.js';
import { scheduleReprocessingOnChange } from './processing-version.js';

/**
 * The software catalog (reference §1–3): reads entities from locations and providers,
 * validates them against the model compiled from every installed model fragment,
 * processes and stitches them, and serves them at `/api/catalog` wire-compatibly with
 * Backstage's catalog API.
 *
 * @example
 * backend.add(catalogPlugin);
 */
export const catalogPlugin = createBackendPlugin({
  pluginId: 'catalog',
  configSchema: catalogConfigSchema,
  register(reg) {
    const processors: CatalogProcessor[] = [];
    const providers: EntityProvider[] = [];
    let allowedLocationTypes: readonly string[] = ['url'];
    const fragments = new ModelFragmentCollector();
    const processing: CatalogProcessingExtension = {
      addProcessor: (...added) => processors.push(...added),
      addEntityProvider: (...added) => providers.push(...added),
    };
    const locationsExtension: CatalogLocationsExtension = {
      setAllowedLocationTypes: (types) => {
        allowedLocationTypes = [...types];
      },
    };
    reg.registerExtensionPoint(catalogProcessingExtensionPoint, processing);
    reg.registerExtensionPoint(catalogLocationsExtensionPoint, locationsExtension);
    reg.registerExtensionPoint(catalogModelExtensionPoint, fragments);
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        database: coreServices.database,
        http: coreServices.httpRouter,
        lifecycle: coreServices.lifecycle,
        scheduler: coreServices.scheduler,
        urlReader: coreServices.urlReader,
        auditor: coreServices.auditor,
        discovery: coreServices.discovery,
        httpAuth: coreServices.httpAuth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
      },
      async init({
        config,
        logger,
        database,
        http,
        lifecycle,
        scheduler,
        urlReader,
        auditor,
        discovery,
        httpAuth,
        permissions,
        permissionsRegistry,
      }) {
        const settings = config.read('catalog', catalogBlockSchema);
        const model = fragments.compile();
        const cwd = process.cwd();
        const configLocations = resolveConfigLocations(settings.locations, cwd);
        const allowedFileDirectories = [
          ...settings.allowedFileDirectories.map((directory) => path.resolve(cwd, directory)),
          ...configLocations.filter((l) => l.type === 'file').map((l) => fileLocationDirectory(l.target)),
        ];

        await database.migrate(catalogMigrations(database.dialect));
        const db = await database.getClient<CatalogDatabase>();

        const sortedProcessors = orderProcessors(processors, settings.processorOptions);
        if (await scheduleReprocessingOnChange(db, model, sortedProcessors)) {
          logger.info(
            'The entity model or the processors changed since the last start: processing every entity again',
          );
        }
        const deps = {
          model,
          processors: sortedProcessors,
          locations: createDefaultLocationReading({ urlReader, allowedFileDirectories }),
          isAllowed: createAllowedKindsRule(config, { baseDirectory: cwd }),
        };
        const engine = new CatalogEngine({
          db,
          dialect: database.dialect,
          logger,
          deps,
          refreshIntervalMs: settings.processingInterval,
          pollIntervalMs: settings.stitchingStrategy.pollingInterval,
        });
        const locations = new LocationStore(db);
        const reader = new CatalogReader({
          db,
          dialect: database.dialect,
          changes: engine.changes,
          fresh: () => engine.storedGeneration.fresh(),
        });
        const analysis = new LocationAnalysis(deps);
        const history = new EntityHistory(db);
        permissionsRegistry.addResourceType({
          resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
          permissions: catalogPermissions,
          rules: catalogPermissionRules,
          getResources: async (refs) =>
            (await reader.getByRefs(refs.map((ref) => ref.toLowerCase()))).map((json) =>
              json === null ? undefined : (JSON.parse(json) as Entity),
            ),
        });
        const access = new CatalogAccess({ httpAuth, permissions, registry: permissionsRegistry });

        const routes = [
          ...entityRoutes({
            reader,
            history,
            unprocessed: new UnprocessedEntities(db),
            auditor,
            access,
            deleteEntityByUid: (uid) => engine.deleteEntityByUid(uid),
          }),
          ...locationRoutes({
            locations,
            reader,
            analysis,
            auditor,
            access,
            refreshEntity: (ref) => engine.refreshEntity(ref),
            checkReadable: (location) => {
              if (location.type === 'url') urlReader.checkReadable(location.target);
            },
            readonly: settings.readonly,
            allowedLocationTypes: () => allowedLocationTypes,
            defaultConflictStrategy: settings.defaultLocationConflictStrategy,
          }),
          ...modelRoutes(model),
        ];
        http.use(
          createCatalogRouter({
            routes,
            entitySchema: model.toJsonSchema() as Record<string, unknown>,
            baseUrl: () => discovery.getBaseUrl('catalog'),
          }),
        );
        http.addAuthPolicy({ path: '/openapi.json', allow: 'unauthenticated' });

        const allProviders = [
          new ConfigLocationsProvider(() => configLocations),
          locations,
          ...providers.filter((p) => !settings.providerOptions[p.getProviderName()]?.disabled),
        ];
        const names = new Set<string>();
        for (const provider of allProviders) {
          const name = provider.getProviderName();
          if (names.has(name)) {
            throw new ConflictError(
              `Two entity providers are named '${name}'; provider names must be unique`,
            );
          }
          names.add(name);
        }

        lifecycle.addStartupHook(async () => {
          engine.start();
          for (const provider of allProviders) {
            await engine.connectProvider(provider).catch((error: unknown) => {
              logger.error(
                `Entity provider '${provider.getProviderName()}' failed to connect; its entities stay as they were`,
                error instanceof Error ? error : { error },
              );
            });
          }
          await scheduler.scheduleTask({
            id: 'catalog-orphan-cleanup',
            frequency: { seconds: 30 },
            timeout: { minutes: 5 },
            initialDelay: { seconds: 10 },
            fn: async () => {
              if (settings.orphanStrategy === 'delete') await engine.deleteOrphans();
              else await engine.clearOrphanCandidates();
            },
          });
          await scheduler.scheduleTask({
            id: 'catalog-history-retention',
            frequency: { hours: 1 },
            timeout: { minutes: 10 },
            initialDelay: { minutes: 1 },
            fn: async () => {
              const removed = await pruneHistory(db, { maxAge: settings.history.retention });
              if (removed > 0) logger.info(`Removed ${removed} entity history entries past retention`);
            },
          });
        });
        lifecycle.addShutdownHook(() => engine.stop());
      },
    });
  },
});

/** Processors by priority (lower first; `catalog.processorOptions` may change it), disabled ones left out. */
function orderProcessors(
  processors: readonly CatalogProcessor[],
  options: Record<string, { disabled?: boolean | undefined; priority?: number | undefined }>,
): CatalogProcessor[] {
  const names = new Set<string>();
  for (const processor of processors) {
    if (names.has(processor.name)) {
      throw new ConflictError(
        `Two catalog processors are named '${processor.name}'; processor names must be unique`,
      );
    }
    names.add(processor.name);
  }
  const priority = (p: CatalogProcessor) => options[p.name]?.priority ?? p.priority ?? 20;
  return processors.filter((p) => !options[p.name]?.disabled).sort((a, b) => priority(a) - priority(b));
}
