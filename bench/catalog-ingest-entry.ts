// The TypeScript half of bench/catalog-ingest.mjs (bundled by it with esbuild): the
// catalog engine alone — no HTTP, no reads — ingesting a generated catalog from files.
import { DatabaseManager, DefaultUrlReaderService, databaseConfigSchema } from '@greenroom/backend';
import type { Logger } from '@greenroom/backend-plugin-api';
import { builtinModelFragment, compileModel } from '@greenroom/catalog-model';
import type { Kysely } from 'kysely';
import { catalogMigrations } from '../plugins/catalog/backend/src/database/migrations.js';
import type { CatalogDatabase } from '../plugins/catalog/backend/src/database/tables.js';
import { ConfigLocationsProvider } from '../plugins/catalog/backend/src/locations/config-locations.js';
import { CatalogEngine } from '../plugins/catalog/backend/src/service/catalog-engine.js';
import { createDefaultLocationReading } from '../plugins/catalog/backend/src/service/default-location-reading.js';

const quiet: Logger = {
  error: (message, meta) => console.error('error:', message, meta ?? ''),
  warn: (message) => console.error('warn:', message),
  info() {},
  debug() {},
  child: () => quiet,
};

async function counts(db: Kysely<CatalogDatabase>) {
  const one = async (query: Promise<{ n: number | string | bigint }>) => Number((await query).n);
  const now = Date.now();
  return {
    entities: await one(
      db
        .selectFrom('entities')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    finals: await one(
      db
        .selectFrom('final_entities')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ),
    due: await one(
      db
        .selectFrom('entities')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('next_update_at', '<=', now)
        .executeTakeFirstOrThrow(),
    ),
    queued: await one(
      db
        .selectFrom('stitch_queue')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow(),
    ),
  };
}

/**
 * Ingests the catalog under `rootFile` (a generated `catalog-root.yaml`) into a fresh
 * database and reports how long until every entity is processed and stitched.
 */
export async function ingest(options: {
  databaseConfig: Record<string, unknown>;
  rootFile: string;
  directory: string;
  expected: number;
}) {
  const manager = new DatabaseManager(databaseConfigSchema.parse(options.databaseConfig), { logger: quiet });
  const database = manager.forPlugin('catalog');
  await database.migrate(catalogMigrations(database.dialect));
  const db = await database.getClient<CatalogDatabase>();
  const engine = new CatalogEngine({
    db,
    dialect: database.dialect,
    logger: quiet,
    deps: {
      model: compileModel([builtinModelFragment]),
      processors: [],
      locations: createDefaultLocationReading({
        urlReader: new DefaultUrlReaderService([]),
        allowedFileDirectories: [options.directory],
      }),
      isAllowed: () => true,
    },
    refreshIntervalMs: 3_600_000,
    pollIntervalMs: 100,
  });
  const started = performance.now();
  const cpu = process.cpuUsage();
  let peakRss = 0;
  let peakHeap = 0;
  engine.start();
  await engine.connectProvider(
    new ConfigLocationsProvider(() => [{ type: 'file', target: options.rootFile }]),
  );
  const timeline: string[] = [];
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
    const c = await counts(db);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    timeline.push(`${seconds}s entities=${c.entities} due=${c.due} queued=${c.queued} finals=${c.finals}`);
    console.error(timeline.at(-1));
    if (c.finals >= options.expected && c.due === 0 && c.queued === 0) break;
  }
  const elapsedMs = performance.now() - started;
  const rssAfter = process.memoryUsage().rss;
  const used = process.cpuUsage(cpu);
  await engine.stop();
  await manager.destroy();
  return {
    dialect: database.dialect,
    seconds: elapsedMs / 1000,
    cpuSeconds: (used.user + used.system) / 1e6,
    peakRssMB: peakRss / 1e6,
    peakHeapUsedMB: peakHeap / 1e6,
    rssAtEndMB: rssAfter / 1e6,
  };
}
