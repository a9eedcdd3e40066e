#!/usr/bin/env node
// The catalog engine alone (no HTTP, no reads) ingesting a generated catalog from files:
// how long processing and stitching N entities take on SQLite or PostgreSQL, CPU and peak RSS.
// Generates the data with the shared workload generator (../shared/bench/catalog-bench.mjs).
//   node bench/catalog-ingest.mjs --db sqlite --n 100000
//   node bench/catalog-ingest.mjs --db pg --n 10000
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { bundleToTempDir, repoRoot } from '../scripts/bundle.mjs';
import { createBenchDatabase } from './postgres.mjs';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'sqlite' },
    n: { type: 'string', default: '10000' },
    'per-file': { type: 'string', default: '250' },
    locations: { type: 'string', default: '1' },
    bench: { type: 'string', default: path.resolve(repoRoot, '../shared/bench/catalog-bench.mjs') },
    'pg-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/postgres' },
    keep: { type: 'boolean', default: false },
  },
});
const n = Number(args.n);
const work = path.join(tmpdir(), `greenroom-catalog-bench-${n}-${args['per-file']}-${args.locations}`);
if (!existsSync(path.join(work, 'catalog-root.yaml'))) {
  execFileSync(
    process.execPath,
    [
      args.bench,
      'generate',
      '--n',
      String(n),
      '--work',
      work,
      '--per-file',
      args['per-file'],
      '--locations',
      args.locations,
    ],
    { stdio: 'inherit' },
  );
}
const { dir } = await bundleToTempDir({
  'catalog-ingest-entry': path.join(repoRoot, 'bench/catalog-ingest-entry.ts'),
});
const sqliteDir = await mkdtemp(path.join(tmpdir(), 'greenroom-ingest-'));
const pgDatabase = args.db === 'pg' ? await createBenchDatabase(args['pg-url']) : undefined;
try {
  const { ingest } = await import(pathToFileURL(path.join(dir, 'catalog-ingest-entry.mjs')).href);
  const result = await ingest({
    databaseConfig: pgDatabase?.databaseConfig ?? {
      client: 'better-sqlite3',
      connection: { directory: sqliteDir },
    },
    rootFile: path.join(work, 'catalog-root.yaml'),
    directory: work,
    // The entities, the root Location, K child Locations (none when K is 1) and the Location generated for the root.
    expected: n + 1 + (Number(args.locations) > 1 ? Number(args.locations) : 0) + 1,
  });
  console.log(JSON.stringify({ n, ...result }, null, 2));
} finally {
  await rm(dir, { recursive: true, force: true });
  if (args.keep && !pgDatabase) console.error(`Kept the SQLite database in ${sqliteDir}`);
  else await rm(sqliteDir, { recursive: true, force: true });
  if (args.keep && pgDatabase)
    console.error(`Kept the PostgreSQL database ${pgDatabase.databaseConfig.connection}`);
  else await pgDatabase?.drop();
}
