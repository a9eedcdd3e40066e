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

/**
 * Where the ingestion stands, read so cheaply that polling does not compete with the engine
 * (counting 100k wide `entities` rows every half second cost PostgreSQL about 14 s of CPU in
 * a 70 s run): the stitch queue is counted only when a line is printed, "is anything due"
 * walks the index to the first row, and the finals are counted only once both queues look
 * empty (the highest id stands in before). With `count` false, `queued` is 0 or 1.
 */
async function progress(db: Kysely<CatalogDatabase>, expected: number, count: boolean) {
  // At 100k a count of the queue cost PostgreSQL 6 ms, ten times a second.
  const queued = count
    ? await countRows(db, 'stitch_queue')
    : (await db.selectFrom('stitch_queue').select('entity_ref').limit(1).execute()).length;
  const due = await db
    .selectFrom('entities')
    .select('entity_id')
    .where('next_update_at', '<=', Date.now())
    // Ordered, so that PostgreSQL walks the index: without statistics it would scan the whole
    // table for a row that is not there once everything is processed (250 ms at 100k).
    .orderBy('next_update_at')
    .limit(1)
    .executeTakeFirst();
  const highestId = Number(
    (
      await db
        .selectFrom('final_entities')
        .select((eb) => eb.fn.max('id').as('n'))
        .executeTakeFirstOrThrow()
    ).n ?? 0,
  );
  const settled = queued === 0 && !due && highestId >= expected;
  const finals = settled ? await countRows(db, 'final_entities') : undefined;
  return { queued, due: Boolean(due), highestId, done: finals !== undefined && finals >= expected };
}

async function countRows(
  db: Kysely<CatalogDatabase>,
  table: 'stitch_queue' | 'final_entities',
): Promise<number> {
  const { n } = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
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
  for (let poll = 0; ; poll++) {
    // Every 100 ms: the end is seen within a tenth of a second (the 10k target is 5 s).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const memory = process.memoryUsage();
    peakRss = Math.max(peakRss, memory.rss);
    peakHeap = Math.max(peakHeap, memory.heapUsed);
    const p = await progress(db, options.expected, poll % 5 === 0);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (poll % 5 === 0 || p.done) {
      timeline.push(`${seconds}s queued=${p.queued} processing-due=${p.due} highest-final-id=${p.highestId}`);
      console.error(timeline.at(-1));
    }
    if (p.done) break;
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
