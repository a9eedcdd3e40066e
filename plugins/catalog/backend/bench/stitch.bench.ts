/**
 * Stitching throughput: 10,000 entities with realistic relations, on SQLite (a WAL file)
 * and on PostgreSQL when it is reachable (same probe as the tests).
 *
 *   npx vitest bench --run plugins/catalog/backend/bench/stitch.bench.ts
 *   STITCH_WORKERS=2 npx vitest bench --run plugins/catalog/backend/bench/stitch.bench.ts
 *
 * Run from the repository root. Each phase prints entities/s for the stitch alone (the
 * `[SQLITE] …` lines; vitest's own table also counts each phase's set-up, and tinybench
 * runs every phase twice). Phases, in order:
 *   1. first stitch: every entity is new (finals, search rows, `created` history);
 *   2. re-stitch, nothing changed: everything is queued again, nothing is written;
 *   3. re-stitch, one annotation changed on every entity: `updated` history patches
 *      and search-row diffs.
 * The catalog: 20 domains, 300 systems, 100 groups, 1,500 users, 1,000 APIs and 7,080
 * components, with every spec relation stored in both directions (about 79,000 rows;
 * each group has ~15 members and owns ~85 entities).
 */
import type { Entity } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import { bench, describe } from 'vitest';
import { createStitchTestCatalog, type SeededEntity } from '../src/stitching/stitch-test-catalog.js';

const TOTAL = 10_000;
const BATCH = 500;
/** Stitchers draining the queue side by side, like `StitchLoop`'s `concurrency`. */
const WORKERS = Number(process.env.STITCH_WORKERS ?? 1);
const databases = TestDatabases.create();

function buildCatalog(): SeededEntity[] {
  const out: SeededEntity[] = [];
  const add = (kind: string, name: string, spec: Record<string, unknown>, relations: [string, string][]) => {
    const ref = `${kind}:default/${name}`.toLowerCase();
    const file = `https://git.example.com/org/${name}/blob/main/catalog-info.yaml`;
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind,
      metadata: {
        name,
        description: `The ${name} ${kind.toLowerCase()}, owned and run by its team.`,
        tags: ['java', `tier-${name.length % 3}`],
        annotations: {
          'backstage.io/managed-by-location': `url:${file}`,
          'backstage.io/managed-by-origin-location': 'url:https://git.example.com/org/catalog/all.yaml',
          'backstage.io/source-location': `url:https://git.example.com/org/${name}/tree/main/`,
          'backstage.io/view-url': file,
          'backstage.io/edit-url': file.replace('/blob/', '/edit/'),
          'backstage.io/techdocs-ref': 'dir:.',
        },
        links: [{ url: `https://grafana.example.com/d/${name}`, title: 'Dashboard' }],
      },
      spec,
    };
    const rows: [string, string, string][] = [];
    for (const [type, target] of relations) {
      rows.push([ref, type, target]);
      rows.push([target, REVERSE[type]!, ref]);
    }
    out.push({ entity, relations: rows });
  };
  const group = (i: number) => `group:default/team-${i % 100}`;
  for (let i = 0; i < 20; i++) add('Domain', `domain-${i}`, { owner: `team-${i}` }, [['ownedBy', group(i)]]);
  for (let i = 0; i < 100; i++) add('Group', `team-${i}`, { type: 'team', children: [] }, []);
  for (let i = 0; i < 300; i++) {
    add('System', `system-${i}`, { owner: `team-${i}`, domain: `domain-${i % 20}` }, [
      ['ownedBy', group(i)],
      ['partOf', `domain:default/domain-${i % 20}`],
    ]);
  }
  for (let i = 0; i < 1_500; i++) {
    add('User', `user-${i}`, { memberOf: [`team-${i % 100}`] }, [['memberOf', group(i)]]);
  }
  for (let i = 0; i < 1_000; i++) {
    add('API', `api-${i}`, { type: 'openapi', lifecycle: 'production', owner: `team-${i}` }, [
      ['ownedBy', group(i)],
      ['partOf', `system:default/system-${i % 300}`],
    ]);
  }
  const components = TOTAL - out.length;
  for (let i = 0; i < components; i++) {
    add('Component', `service-${i}`, { type: 'service', lifecycle: 'production', owner: `team-${i}` }, [
      ['ownedBy', group(i)],
      ['partOf', `system:default/system-${i % 300}`],
      ['providesApi', `api:default/api-${i % 1_000}`],
      ['consumesApi', `api:default/api-${(i * 7) % 1_000}`],
      ['dependsOn', `component:default/service-${(i + 1) % components}`],
    ]);
  }
  return out;
}

const REVERSE: Record<string, string> = {
  ownedBy: 'ownerOf',
  partOf: 'hasPart',
  memberOf: 'hasMember',
  providesApi: 'apiProvidedBy',
  consumesApi: 'apiConsumedBy',
  dependsOn: 'dependencyOf',
};

const once = { iterations: 1, time: 0, warmupIterations: 0, warmupTime: 0 };

describe.each(databases.eachSupportedId())('stitching %s', async (databaseId) => {
  const catalog = await createStitchTestCatalog(databases, databaseId);
  const seeded = buildCatalog();
  const ids = await catalog.seed(seeded);
  const allRefs = [...ids.keys()];
  const measure = async (label: string, expectKey: 'created' | 'unchanged' | 'updated') => {
    const started = performance.now();
    const parts = await Promise.all(Array.from({ length: WORKERS }, () => catalog.drain(BATCH)));
    const totals = parts.reduce((sum, part) => {
      for (const key of Object.keys(sum) as (keyof typeof sum)[]) sum[key] += part[key];
      return sum;
    });
    const seconds = (performance.now() - started) / 1000;
    if (totals[expectKey] !== TOTAL)
      throw new Error(`${label}: expected ${TOTAL} ${expectKey}, got ${JSON.stringify(totals)}`);
    console.log(
      `[${databaseId}] ${label}: ${Math.round(TOTAL / seconds)} entities/s (${seconds.toFixed(2)} s, ${WORKERS} worker(s), batches of ${BATCH})`,
    );
  };

  // tinybench calls each function once more to see whether it is async, so every
  // phase prepares its own starting state; only the drain is timed and printed.
  bench(
    '1. first stitch of 10,000 entities',
    async () => {
      await catalog.db.deleteFrom('final_entities').execute();
      await catalog.db.deleteFrom('search').execute();
      await catalog.db.deleteFrom('entity_history').execute();
      await catalog.stitcher.markForStitch(catalog.db, allRefs);
      await measure('first stitch', 'created');
    },
    once,
  );

  bench(
    '2. re-stitch of 10,000 unchanged entities',
    async () => {
      await catalog.stitcher.markForStitch(catalog.db, allRefs);
      await measure('re-stitch, unchanged', 'unchanged');
    },
    once,
  );

  bench(
    '3. re-stitch of 10,000 entities with one changed annotation',
    async () => {
      const from = '"backstage.io/techdocs-ref":"dir:.';
      await catalog.db
        .updateTable('entities')
        .set((eb) => ({ processed: eb.fn('replace', ['processed', eb.val(from), eb.val(`${from}/docs`)]) }))
        .execute();
      await catalog.stitcher.markForStitch(catalog.db, allRefs);
      await measure('re-stitch, one annotation changed', 'updated');
    },
    once,
  );
});
