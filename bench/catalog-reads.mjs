#!/usr/bin/env node
// Catalog read benchmark: CatalogReader (plugins/catalog/backend/src/api/store) at scale.
//
// How it runs: this plain .mjs bundles bench/catalog-reads-entry.ts with esbuild, exactly as
// scripts/bundle.mjs bundles the portal (workspace TypeScript compiled in, npm packages
// external), into a temp folder linked to node_modules, and imports it. No vitest involved.
//
// For each database (SQLite in a temp folder, PostgreSQL in a throwaway database
// `greenroom_bench_<random>` made with bench/postgres.mjs) it:
//   1. generates N entities (bench/catalog-reads-catalog.ts: the mix of
//      /work/shared/bench/catalog-bench.mjs — users 30 %, components ~38 %, APIs 12 %,
//      resources 10 %, groups 5 %, systems 4 %, domains 1 %, with owner/system/memberOf/
//      providesApi/dependsOn relations in both directions), seeds them with
//      createStitchTestCatalog's `seed` and stitches them all (`drain`); on PostgreSQL
//      then runs VACUUM ANALYZE (what autovacuum does to a loaded catalog);
//   2. runs each read scenario in a closed loop for --duration seconds at each
//      --concurrency (after --warmup seconds unmeasured), and prints requests/s and
//      p50/p95/p99/max latency in ms. The scenarios mirror the HTTP benchmark's:
//      by-name, query-kind (filter=kind=component&limit=50), query-owner (a random team),
//      facets (facet=spec.type), by-refs (100 random refs), fulltext (a random word in
//      metadata.name,metadata.title, limit 50) — totalItems included, cache as in
//      production — plus ordered pages, a deep cursor page, a GET /entities page,
//      ancestry, and "cold" variants whose counts and facets are never served from cache;
//   3. streams all of GET /entities once (by uid, and by metadata.title) and prints the time.
// Latencies are of the method calls in this process (no HTTP); SQLite calls are
// synchronous, so at concurrency 16 a call's latency includes waiting for the others.
//
// Usage:
//   node bench/catalog-reads.mjs [--n 100000] [--seed 42] [--db sqlite,postgres]
//        [--pg-url postgres://postgres@127.0.0.1:5432/postgres] [--concurrency 1,16]
//        [--duration 5] [--warmup 1] [--only by-name,facets] [--json-out <file>] [--explain]
//   --explain first prints every statement each scenario runs (uncached) with its query plan.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleToTempDir } from '../scripts/bundle.mjs';
import { createBenchDatabase } from './postgres.mjs';

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) throw new Error(`Unexpected argument ${argv[i]}; options start with --`);
    const next = argv[i + 1];
    args[argv[i].slice(2)] = next === undefined || next.startsWith('--') ? true : argv[++i];
  }
  return args;
}

const args = parseArgs(process.argv.slice(2));
const n = Number(args.n ?? 100_000);
const seed = Number(args.seed ?? 42);
const engines = String(args.db ?? 'sqlite,postgres').split(',');
const concurrencies = String(args.concurrency ?? '1,16')
  .split(',')
  .map(Number);
const durationMs = Number(args.duration ?? 5) * 1000;
const warmupMs = Number(args.warmup ?? 1) * 1000;
const only = args.only ? String(args.only).split(',') : undefined;
const pgUrl = String(args['pg-url'] ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const log = (line) =>
  process.stderr.write(`[catalog-reads ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

const { dir: bundleDir } = await bundleToTempDir({
  'catalog-reads-entry': path.join(path.dirname(fileURLToPath(import.meta.url)), 'catalog-reads-entry.ts'),
});
const bench = await import(path.join(bundleDir, 'catalog-reads-entry.mjs'));
const report = { n, seed, concurrencies, durationMs, engines: {} };

try {
  for (const engine of engines) {
    let config;
    let cleanup;
    if (engine === 'sqlite') {
      const directory = await mkdtemp(path.join(tmpdir(), 'greenroom-catalog-reads-'));
      config = { client: 'better-sqlite3', connection: { directory } };
      cleanup = () => rm(directory, { recursive: true, force: true });
    } else if (engine === 'postgres') {
      const database = await createBenchDatabase(pgUrl);
      config = database.databaseConfig;
      cleanup = database.drop;
    } else {
      throw new Error(`Unknown --db ${engine}: use sqlite and/or postgres`);
    }
    try {
      const handle = await bench.openBenchCatalog(config, n, seed, log);
      if (args.explain) console.log(`\n${engine} plans:`, await bench.explainReads(handle, only));
      const latencies = [];
      for (const concurrency of concurrencies) {
        log(`${engine}: measuring at concurrency ${concurrency}`);
        latencies.push(...(await bench.measureReads(handle, { concurrency, durationMs, warmupMs, only })));
      }
      const streams = only
        ? []
        : [await bench.measureStream(handle), await bench.measureStream(handle, ['asc:metadata.title'])];
      report.engines[engine] = {
        seedMs: Math.round(handle.seedMs),
        stitchMs: Math.round(handle.stitchMs),
        latencies,
        streams,
      };
      await handle.close();
      print(engine, report.engines[engine]);
    } finally {
      await cleanup();
    }
  }
} finally {
  await rm(bundleDir, { recursive: true, force: true });
}
if (args['json-out']) await writeFile(String(args['json-out']), JSON.stringify(report, null, 2));

function print(engine, result) {
  console.log(`\n${engine}: ${n} entities, seeded in ${result.seedMs} ms, stitched in ${result.stitchMs} ms`);
  console.log('scenario                  conc   req/s     p50     p95     p99     max  (ms)');
  for (const r of result.latencies) {
    const cells = [r.p50, r.p95, r.p99, r.max].map((x) => x.toFixed(2).padStart(7)).join(' ');
    console.log(
      `${r.name.padEnd(25)} ${String(r.concurrency).padStart(4)} ${String(r.perSecond).padStart(7)} ${cells}`,
    );
  }
  for (const s of result.streams) {
    console.log(
      `stream GET /entities by ${s.order}: ${s.entities} entities in ${s.chunks} chunks, ${s.ms} ms, ${Math.round(s.bytes / 1e6)} MB`,
    );
  }
}
