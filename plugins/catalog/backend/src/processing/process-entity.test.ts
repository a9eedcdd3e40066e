import { builtinModelFragment, compileModel, type Entity } from '@greenroom/catalog-model';
import { describe, expect, it } from 'vitest';
import type { CatalogProcessor } from './catalog-processor.js';
import type { LocationReading, LocationTarget, LocationTargetRead } from './location-reading.js';
import { ANNOTATION_LOCATION, ANNOTATION_ORIGIN_LOCATION, processEntity } from './process-entity.js';

const model = compileModel([builtinModelFragment]);
const annotations = {
  [ANNOTATION_LOCATION]: 'url:https://example.com/a.yaml',
  [ANNOTATION_ORIGIN_LOCATION]: 'url:https://example.com/a.yaml',
};

function component(spec: Record<string, unknown> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'checkout', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'payments', ...spec },
  };
}

/** Serves location targets from a map of file name → entities, with fingerprints from a version map. */
class FilesReading implements LocationReading {
  reads: string[] = [];
  readonly files: Record<string, Entity[]>;
  readonly versions: Record<string, string>;
  constructor(files: Record<string, Entity[]>, versions: Record<string, string> = {}) {
    this.files = files;
    this.versions = versions;
  }
  resolveTargets(entity: Entity): LocationTarget[] {
    const spec = entity.spec as { targets?: string[] };
    return (spec.targets ?? []).map((target) => ({ type: 'url', target, presence: 'required' as const }));
  }
  async read(
    location: LocationTarget,
    options: { previousFingerprint?: string },
  ): Promise<LocationTargetRead> {
    const fingerprint = this.versions[location.target] ?? 'v1';
    if (options.previousFingerprint === fingerprint) {
      return { entities: [], errors: [], unchanged: true, fingerprint, refreshKeys: [] };
    }
    this.reads.push(location.target);
    const entities = this.files[location.target];
    if (!entities) throw new Error(`${location.target} does not exist`);
    return {
      entities: entities.map((entity) => ({ entity })),
      errors: [],
      unchanged: false,
      fingerprint,
      refreshKeys: [location.target],
    };
  }
}

const deps = (reading = new FilesReading({}), processors: CatalogProcessor[] = []) => ({
  model,
  processors,
  locations: reading,
  isAllowed: (entity: Entity) => entity.kind !== 'Group',
});

describe('processEntity', () => {
  it('validates and normalises the entity and derives relations in both directions', async () => {
    const result = await processEntity(
      { entity: component(), entityRef: 'component:default/checkout', cache: {} },
      deps(),
    );
    expect(result.ok).toBe(true);
    expect(result.errors).toEqual([]);
    expect(result.processed?.metadata.namespace).toBe('default');
    expect(result.relations).toEqual(
      expect.arrayContaining([
        { source: 'component:default/checkout', type: 'ownedBy', target: 'group:default/payments' },
        { source: 'group:default/payments', type: 'ownerOf', target: 'component:default/checkout' },
      ]),
    );
    expect(result.externalState).toBe(false);
  });

  it('records every validation issue with its path and produces no processed entity', async () => {
    const result = await processEntity(
      {
        entity: component({ lifecycle: undefined, owner: 42 }),
        entityRef: 'component:default/checkout',
        cache: {},
      },
      deps(),
    );
    expect(result.ok).toBe(false);
    expect(result.processed).toBeUndefined();
    expect(result.errors.map((e) => e.message).join('\n')).toMatch(/spec\.lifecycle/);
  });

  it('refuses an entity without location annotations', async () => {
    const entity = component();
    entity.metadata.annotations = {};
    const result = await processEntity(
      { entity, entityRef: 'component:default/checkout', cache: {} },
      deps(),
    );
    expect(result.ok).toBe(false);
    expect(result.errors[0]?.message).toContain(ANNOTATION_LOCATION);
  });

  it('reads the targets of a Location, keeps allowed children and records refused ones', async () => {
    const reading = new FilesReading({
      'https://example.com/team.yaml': [
        component(),
        {
          ...component(),
          kind: 'Group',
          metadata: { name: 'payments', annotations },
          spec: { type: 'team', children: [] },
        },
      ],
    });
    const location: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'root', annotations },
      spec: { targets: ['https://example.com/team.yaml'] },
    };
    const result = await processEntity(
      { entity: location, entityRef: 'location:default/root', cache: {} },
      deps(reading),
    );
    expect(result.ok).toBe(true);
    expect(result.externalState).toBe(true);
    expect(result.children).toHaveLength(1);
    expect(result.children[0]?.via).toBe('url:https://example.com/team.yaml');
    expect(result.children[0]?.entities.map((c) => c.ref)).toEqual(['component:default/checkout']);
    expect(result.errors[0]).toMatchObject({ name: 'NotAllowedError' });
    expect(result.refreshKeys).toEqual(['https://example.com/team.yaml']);

    const again = await processEntity(
      { entity: location, entityRef: 'location:default/root', cache: result.cache },
      deps(reading),
    );
    expect(again.unchangedVia).toEqual(['url:https://example.com/team.yaml']);
    expect(again.children).toEqual([]);
    expect(reading.reads).toHaveLength(1);
  });

  it('keeps the children of a target it cannot read this time instead of dropping them', async () => {
    const reading = new FilesReading({ 'https://example.com/a.yaml': [component()] });
    const location: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Location',
      metadata: { name: 'root', annotations },
      spec: { targets: ['https://example.com/a.yaml'] },
    };
    const first = await processEntity(
      { entity: location, entityRef: 'location:default/root', cache: {} },
      deps(reading),
    );
    delete reading.files['https://example.com/a.yaml'];
    reading.versions['https://example.com/a.yaml'] = 'v2';
    const second = await processEntity(
      { entity: location, entityRef: 'location:default/root', cache: first.cache },
      deps(reading),
    );
    expect(second.unchangedVia).toEqual(['url:https://example.com/a.yaml']);
    expect(second.errors[0]?.message).toContain('does not exist');
  });

  it('runs processors in order, lets them emit, and refuses one that renames the entity', async () => {
    const seen: string[] = [];
    const labeller: CatalogProcessor = {
      name: 'labeller',
      readsExternalState: true,
      preProcessEntity: (entity) => ({ ...entity, metadata: { ...entity.metadata, labels: { tier: '1' } } }),
      postProcessEntity: (entity, context) => {
        seen.push(entity.metadata.labels?.tier ?? '');
        context.emit.relation({
          source: 'component:default/checkout',
          type: 'dependsOn',
          target: 'resource:default/db',
        });
        context.cache.set('runs', 1);
      },
    };
    const result = await processEntity(
      { entity: component(), entityRef: 'component:default/checkout', cache: {} },
      deps(undefined, [labeller]),
    );
    expect(seen).toEqual(['1']);
    expect(result.externalState).toBe(true);
    expect(result.relations).toContainEqual({
      source: 'component:default/checkout',
      type: 'dependsOn',
      target: 'resource:default/db',
    });
    expect(result.cache).toEqual({ labeller: { runs: 1 } });

    const renamer: CatalogProcessor = {
      name: 'renamer',
      preProcessEntity: (entity) => ({ ...entity, metadata: { ...entity.metadata, name: 'other' } }),
    };
    const renamed = await processEntity(
      { entity: component(), entityRef: 'component:default/checkout', cache: {} },
      deps(undefined, [renamer]),
    );
    expect(renamed.ok).toBe(false);
    expect(renamed.errors[0]?.name).toBe('ConflictError');
  });
});
