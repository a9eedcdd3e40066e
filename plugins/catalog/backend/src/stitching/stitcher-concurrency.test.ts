import type { Entity } from '@greenroom/catalog-model';
import { TestDatabases } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { createStitchTestCatalog, silentLogger } from './stitch-test-catalog.js';
import { Stitcher } from './stitcher.js';

const databases = TestDatabases.create();

const component = (name: string, title = 'v0'): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, title },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
});
const names = Array.from({ length: 600 }, (_, i) => `svc-${String(i).padStart(3, '0')}`);

/** Runs batches until one comes back empty; returns the refs it wrote. */
async function runUntilEmpty(stitcher: Stitcher): Promise<string[]> {
  const written: string[] = [];
  const unsubscribe = stitcher.changes.subscribe(({ refs }) => written.push(...refs));
  while ((await stitcher.stitchBatch({ limit: 25 })).claimed > 0) {}
  unsubscribe();
  return written;
}

describe.each(databases.eachSupportedId())('Stitchers in parallel on %s', (databaseId) => {
  it('claim disjoint refs and write exactly one final per ref', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    await catalog.seed(names.map((name) => ({ entity: component(name) })));
    const options = { db: catalog.db, dialect: catalog.dialect, logger: silentLogger, now: catalog.now };
    const [a, b] = await Promise.all([
      runUntilEmpty(new Stitcher(options)),
      runUntilEmpty(new Stitcher(options)),
    ]);

    expect(a.filter((ref) => b.includes(ref))).toEqual([]);
    expect([...a, ...b].sort()).toEqual(names.map((name) => `component:default/${name}`));
    const history = await catalog.db
      .selectFrom('entity_history')
      .select(['entity_ref', 'change'])
      .orderBy('entity_ref')
      .execute();
    expect(history).toEqual(
      names.map((name) => ({ entity_ref: `component:default/${name}`, change: 'created' })),
    );
    const finals = await catalog.db.selectFrom('final_entities').select('entity_ref').execute();
    expect(finals).toHaveLength(names.length);
  });

  it('end with every final up to date when processing keeps changing entities meanwhile', async () => {
    const catalog = await createStitchTestCatalog(databases, databaseId);
    const ids = await catalog.seed(names.map((name) => ({ entity: component(name) })));
    const options = { db: catalog.db, dialect: catalog.dialect, logger: silentLogger, now: catalog.now };
    const latest = new Map(names.map((name) => [name, 'v0']));

    // Plays processing: changes an entity and re-marks it, in one transaction.
    const processing = async () => {
      for (let round = 1; round <= 120; round++) {
        const name = names[(round * 37) % names.length]!;
        await catalog.db.transaction().execute(async (trx) => {
          await trx
            .updateTable('entities')
            .set({ processed: JSON.stringify(component(name, `v${round}`)) })
            .where('entity_id', '=', ids.get(`component:default/${name}`)!)
            .execute();
          await catalog.stitcher.markForStitch(trx, [`component:default/${name}`]);
        });
        latest.set(name, `v${round}`);
      }
    };
    const stitchers = [new Stitcher(options), new Stitcher(options)];
    await Promise.all([processing(), ...stitchers.map(runUntilEmpty)]);
    await Promise.all(stitchers.map(runUntilEmpty));

    const finals = await catalog.db.selectFrom('final_entities').select(['entity_ref', 'final']).execute();
    const titles = new Map(
      finals.map((row) => [row.entity_ref, (JSON.parse(row.final) as Entity).metadata.title]),
    );
    for (const [name, title] of latest) expect(titles.get(`component:default/${name}`)).toBe(title);
    expect(await catalog.queue()).toEqual([]);
  });
});
