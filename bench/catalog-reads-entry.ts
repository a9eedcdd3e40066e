// The TypeScript half of bench/catalog-reads.mjs, bundled by it with esbuild (see that
// file's header): opens a catalog database through the backend's own DatabaseManager,
// seeds it with the stitching test catalog, and measures CatalogReader's methods.
import { DatabaseManager, databaseConfigSchema } from '@greenroom/backend';
import type { TestDatabases } from '@greenroom/test-utils';
import { CompiledQuery, type Kysely, type KyselyPlugin, type RootOperationNode, sql } from 'kysely';
import { parseGetEntitiesRequest } from '../plugins/catalog/backend/src/api/query/entities-request.js';
import { parseEntityFacetsGetRequest } from '../plugins/catalog/backend/src/api/query/entity-facets-request.js';
import { parseQueryEntitiesGetRequest } from '../plugins/catalog/backend/src/api/query/query-entities-request.js';
import { CatalogReader } from '../plugins/catalog/backend/src/api/store/index.js';
import { seededRandom } from '../plugins/catalog/backend/src/api/store/read-test-catalog.js';
import type { CatalogDatabase } from '../plugins/catalog/backend/src/database/tables.js';
import { isEntityKind, isEntityOwner } from '../plugins/catalog/backend/src/permissions/catalog-rules.js';
import { criteriaToFilter } from '../plugins/catalog/backend/src/permissions/criteria-filter.js';
import { CatalogChanges } from '../plugins/catalog/backend/src/stitching/catalog-changes.js';
import {
  createStitchTestCatalog,
  silentLogger,
} from '../plugins/catalog/backend/src/stitching/stitch-test-catalog.js';
import { type BenchCatalog, generateBenchCatalog } from './catalog-reads-catalog.js';

/** A seeded catalog and readers on it: `reader` caches as in production, `coldReader` never serves from cache. */
export interface BenchCatalogHandle {
  db: Kysely<CatalogDatabase>;
  dialect: 'sqlite' | 'postgres';
  reader: CatalogReader;
  coldReader: CatalogReader;
  catalog: BenchCatalog;
  seedMs: number;
  stitchMs: number;
  close: () => Promise<void>;
}

/**
 * Opens the catalog database described by `config` (a `backend.database` block),
 * migrates it, seeds `n` entities and stitches them all. PostgreSQL then gets
 * `VACUUM ANALYZE`, the state autovacuum leaves a loaded catalog in.
 *
 * @example
 * const handle = await openBenchCatalog({ client: 'better-sqlite3', connection: { directory } }, 100_000, 42, console.log);
 */
export async function openBenchCatalog(
  config: Record<string, unknown>,
  n: number,
  seed: number,
  log: (line: string) => void,
): Promise<BenchCatalogHandle> {
  const manager = new DatabaseManager(databaseConfigSchema.parse(config), { logger: silentLogger });
  // createStitchTestCatalog only calls createService; the benchmark has no vitest around it.
  const databases = { createService: async () => manager.forPlugin('catalog') } as unknown as TestDatabases;
  const test = await createStitchTestCatalog(databases, 'SQLITE');
  const catalog = generateBenchCatalog(n, seed);
  const started = performance.now();
  for (let i = 0; i < catalog.entities.length; i += 5_000)
    await test.seed(catalog.entities.slice(i, i + 5_000));
  const seeded = performance.now();
  log(`${test.dialect}: seeded ${n} entities in ${Math.round(seeded - started)} ms; stitching`);
  await test.drain(1_000);
  const stitched = performance.now();
  log(`${test.dialect}: stitched in ${Math.round(stitched - seeded)} ms`);
  if (test.dialect === 'postgres') await sql`vacuum analyze`.execute(test.db);
  const changes = new CatalogChanges();
  return {
    db: test.db,
    dialect: test.dialect,
    reader: new CatalogReader({ db: test.db, dialect: test.dialect, changes }),
    coldReader: new CatalogReader({ db: test.db, dialect: test.dialect, changes, cacheMaxAgeMs: -1 }),
    catalog,
    seedMs: seeded - started,
    stitchMs: stitched - seeded,
    close: () => manager.destroy(),
  };
}

/** One measured read: a name and a call that draws its arguments from `random`. */
interface Scenario {
  name: string;
  run: (random: () => number) => Promise<unknown>;
}

function scenarios(handle: Pick<BenchCatalogHandle, 'reader' | 'coldReader' | 'catalog'>): Scenario[] {
  const { reader, coldReader, catalog } = handle;
  const pick = <T>(random: () => number, items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const component = (random: () => number) => `component:default/${pick(random, catalog.components)}`;
  const fullText = (random: () => number) => ({
    fullTextFilterTerm: pick(random, catalog.words),
    fullTextFilterFields: 'metadata.name,metadata.title',
    limit: '50',
  });
  const query = (params: Record<string, string>) => parseQueryEntitiesGetRequest(params);
  // What a typical conditional read policy gives a user: the entities their team (or they)
  // own, plus every group and user — built with the catalog's own permission rules.
  const ownerRestriction = (random: () => number) => {
    const team = pick(random, catalog.teams);
    return criteriaToFilter({
      anyOf: [
        isEntityOwner.toQuery({ claims: [`user:default/someone`, `group:default/${team}`] }),
        isEntityKind.toQuery({ kinds: ['group', 'user'] }),
      ],
    });
  };
  return [
    { name: 'by-name', run: (r) => reader.getByRef(component(r)) },
    { name: 'query-kind', run: () => reader.queryEntities(query({ filter: 'kind=component', limit: '50' })) },
    {
      name: 'query-owner',
      run: (r) =>
        reader.queryEntities(query({ filter: `spec.owner=${pick(r, catalog.teams)}`, limit: '50' })),
    },
    { name: 'facets', run: () => reader.facets(parseEntityFacetsGetRequest({ facet: 'spec.type' })) },
    {
      name: 'by-refs',
      run: (r) => reader.getByRefs(Array.from({ length: 100 }, () => pick(r, catalog.refs))),
    },
    { name: 'fulltext', run: (r) => reader.queryEntities(query(fullText(r))) },
    {
      name: 'query-kind-by-name',
      run: () =>
        reader.queryEntities(query({ filter: 'kind=component', orderField: 'metadata.name', limit: '50' })),
    },
    {
      name: 'query-owner-by-title',
      run: (r) =>
        reader.queryEntities(
          query({
            filter: `spec.owner=${pick(r, catalog.teams)}`,
            orderField: 'metadata.title',
            limit: '50',
          }),
        ),
    },
    {
      name: 'query-kind-page-20',
      run: async () => {
        // A cursor page far from the start: 20 pages of 50 in.
        let page = await reader.queryEntities(
          query({ filter: 'kind=component', limit: '50', offset: '950' }),
        );
        page = await reader.queryEntities(query({ cursor: page.pageInfo.nextCursor!, limit: '50' }));
        return page;
      },
    },
    {
      name: 'list-page',
      run: () => reader.listEntitiesPage(parseGetEntitiesRequest({ filter: 'kind=api', limit: '50' })),
    },
    { name: 'ancestry', run: (r) => reader.ancestry(component(r)) },
    {
      name: 'cold query-kind',
      run: () => coldReader.queryEntities(query({ filter: 'kind=component', limit: '50' })),
    },
    {
      name: 'cold query-owner',
      run: (r) =>
        coldReader.queryEntities(query({ filter: `spec.owner=${pick(r, catalog.teams)}`, limit: '50' })),
    },
    {
      name: 'cold facets',
      run: () => coldReader.facets(parseEntityFacetsGetRequest({ facet: 'spec.type' })),
    },
    { name: 'cold fulltext', run: (r) => coldReader.queryEntities(query(fullText(r))) },
    // Issue 5's target: a conditional policy keeps p99 within 1.5x of the unconditioned query.
    {
      name: 'query-kind conditional',
      run: (r) =>
        reader.queryEntities(query({ filter: 'kind=component', limit: '50' }), {
          restriction: ownerRestriction(r),
        }),
    },
    {
      name: 'cold query-kind conditional',
      run: (r) =>
        coldReader.queryEntities(query({ filter: 'kind=component', limit: '50' }), {
          restriction: ownerRestriction(r),
        }),
    },
  ];
}

/** Latency figures of one scenario at one concurrency, in milliseconds. */
export interface LatencyResult {
  name: string;
  concurrency: number;
  requests: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? Number.NaN;
}

/**
 * Runs every scenario (or those named in `only`) for `durationMs` with `concurrency`
 * calls in flight (a closed loop), after `warmupMs` unmeasured.
 *
 * @example
 * const results = await measureReads(handle, { concurrency: 16, durationMs: 5_000, warmupMs: 1_000 });
 */
export async function measureReads(
  handle: BenchCatalogHandle,
  options: { concurrency: number; durationMs: number; warmupMs: number; only?: string[] },
): Promise<LatencyResult[]> {
  const results: LatencyResult[] = [];
  let seed = 1;
  for (const scenario of scenarios(handle)) {
    if (options.only && !options.only.includes(scenario.name)) continue;
    const random = seededRandom(seed++);
    const run = async (ms: number, latencies?: number[]) => {
      const end = performance.now() + ms;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (performance.now() < end) {
            // The next request is sent now and handled in a later event-loop task, as over
            // HTTP: its latency includes waiting behind the requests already in the process
            // (on SQLite, whose calls are synchronous, that wait is most of it at concurrency 16).
            const started = performance.now();
            await new Promise((resolve) => setImmediate(resolve));
            await scenario.run(random);
            latencies?.push(performance.now() - started);
          }
        }),
      );
    };
    await run(options.warmupMs);
    const latencies: number[] = [];
    const started = performance.now();
    await run(options.durationMs, latencies);
    const elapsed = performance.now() - started;
    latencies.sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 100) / 100;
    results.push({
      name: scenario.name,
      concurrency: options.concurrency,
      requests: latencies.length,
      perSecond: Math.round((latencies.length / elapsed) * 1000),
      p50: round(percentile(latencies, 50)),
      p95: round(percentile(latencies, 95)),
      p99: round(percentile(latencies, 99)),
      max: round(latencies[latencies.length - 1] ?? Number.NaN),
    });
  }
  return results;
}

/**
 * Streams GET /entities (everything, by uid) once: total milliseconds, chunks and entities.
 *
 * @example
 * const { ms, entities } = await measureStream(handle);
 */
export async function measureStream(handle: BenchCatalogHandle, order: string[] = []) {
  const started = performance.now();
  let chunks = 0;
  let entities = 0;
  let bytes = 0;
  for await (const chunk of handle.reader.streamEntities(parseGetEntitiesRequest({ order }))) {
    chunks++;
    entities += chunk.length;
    for (const json of chunk) bytes += json.length;
  }
  return {
    order: order.join(' ') || 'uid',
    ms: Math.round(performance.now() - started),
    chunks,
    entities,
    bytes,
  };
}

/** Records the queries a Kysely instance runs, to explain them afterwards. */
class CaptureQueries implements KyselyPlugin {
  readonly nodes: RootOperationNode[] = [];
  transformQuery(args: { node: RootOperationNode }): RootOperationNode {
    this.nodes.push(args.node);
    return args.node;
  }
  async transformResult<R>(args: { result: R }): Promise<R> {
    return args.result;
  }
}

/**
 * Runs each scenario once with uncached readers and returns every statement it ran
 * with its plan: `EXPLAIN QUERY PLAN` on SQLite, `EXPLAIN (ANALYZE, COSTS OFF)` on PostgreSQL.
 *
 * @example
 * console.log(await explainReads(handle));
 */
export async function explainReads(handle: BenchCatalogHandle, only?: string[]): Promise<string> {
  const lines: string[] = [];
  const changes = new CatalogChanges();
  for (const scenario of scenarios(handle)) {
    if (only && !only.includes(scenario.name)) continue;
    const capture = new CaptureQueries();
    const db = handle.db.withPlugin(capture);
    const reader = new CatalogReader({ db, dialect: handle.dialect, changes, cacheMaxAgeMs: -1 });
    const quiet = scenarios({ reader, coldReader: reader, catalog: handle.catalog }).find(
      (s) => s.name === scenario.name,
    )!;
    await quiet.run(seededRandom(99));
    lines.push(`\n=== ${scenario.name} (${capture.nodes.length} statements)`);
    for (const node of capture.nodes) {
      const compiled = handle.db.getExecutor().compileQuery(node, { queryId: 'explain' } as never);
      const prefix = handle.dialect === 'sqlite' ? 'explain query plan ' : 'explain (analyze, costs off) ';
      const { rows } = await handle.db.executeQuery(
        CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]),
      );
      lines.push(`--- ${compiled.sql.replace(/\s+/g, ' ').slice(0, 600)}`);
      for (const row of rows as Record<string, unknown>[]) {
        lines.push(
          handle.dialect === 'sqlite' ? `  ${row.id}<${row.parent} ${row.detail}` : `  ${row['QUERY PLAN']}`,
        );
      }
    }
  }
  return lines.join('\n');
}
