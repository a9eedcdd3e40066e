import type { Entity } from '@greenroom/catalog-model';
import { describe, expect, it } from 'vitest';
import { buildFinalEntity, type FinalEntityInput, REJECTED_URL } from './final-entity.js';

const processed: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing',
    annotations: { 'backstage.io/managed-by-location': 'url:https://example.com/catalog-info.yaml' },
  },
  spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
};

const input = (overrides: Partial<FinalEntityInput> = {}): FinalEntityInput => ({
  entityId: '6f1c7f2e-0000-4000-8000-000000000001',
  processed,
  errors: [],
  relations: [],
  isOrphan: false,
  ...overrides,
});

describe('buildFinalEntity', () => {
  it('sets the uid, sorted unique relations and an etag equal to the hash', () => {
    const { entity, json, hash } = buildFinalEntity(
      input({
        relations: [
          { type: 'ownedBy', targetRef: 'group:default/team-a' },
          { type: 'dependsOn', targetRef: 'resource:default/db' },
          { type: 'dependsOn', targetRef: 'component:default/auth' },
          { type: 'ownedBy', targetRef: 'group:default/team-a' },
        ],
      }),
    );
    expect(entity).toEqual({
      ...processed,
      metadata: { ...processed.metadata, uid: '6f1c7f2e-0000-4000-8000-000000000001', etag: hash },
      relations: [
        { type: 'dependsOn', targetRef: 'component:default/auth' },
        { type: 'dependsOn', targetRef: 'resource:default/db' },
        { type: 'ownedBy', targetRef: 'group:default/team-a' },
      ],
    });
    expect(JSON.parse(json)).toEqual(entity);
    expect(hash).toMatch(/^[0-9a-f]{40}$/);
  });

  it('keeps an etag the source gave', () => {
    const { entity } = buildFinalEntity(
      input({ processed: { ...processed, metadata: { ...processed.metadata, etag: 'from-source' } } }),
    );
    expect(entity.metadata.etag).toBe('from-source');
  });

  it('turns processing errors into status items', () => {
    const { entity } = buildFinalEntity(
      input({ errors: [{ name: 'InputError', message: 'spec.owner is missing' }] }),
    );
    expect(entity.status).toEqual({
      items: [
        {
          type: 'backstage.io/catalog-processing',
          level: 'error',
          message: 'InputError: spec.owner is missing',
          error: { name: 'InputError', message: 'spec.owner is missing' },
        },
      ],
    });
  });

  it('has no status when processing succeeded', () => {
    expect(buildFinalEntity(input()).entity).not.toHaveProperty('status');
  });

  it('flags orphans with the orphan annotation', () => {
    const { entity } = buildFinalEntity(input({ isOrphan: true }));
    expect(entity.metadata.annotations).toEqual({
      ...processed.metadata.annotations,
      'backstage.io/orphan': 'true',
    });
  });

  it('neutralises javascript: view and edit URLs and leaves other URLs alone', () => {
    const annotations = {
      'backstage.io/view-url': ' JavaScript:alert(1)',
      'backstage.io/edit-url': 'https://example.com/edit',
      'example.com/link': 'javascript:alert(2)',
    };
    const { entity } = buildFinalEntity(
      input({ processed: { ...processed, metadata: { ...processed.metadata, annotations } } }),
    );
    expect(entity.metadata.annotations).toEqual({ ...annotations, 'backstage.io/view-url': REJECTED_URL });
  });

  it('hashes equal entities equally whatever their key order, and differently when anything changes', () => {
    const reordered: Entity = {
      spec: { owner: 'team-a', lifecycle: 'production', type: 'service' },
      metadata: { annotations: processed.metadata.annotations, name: 'billing' },
      kind: 'Component',
      apiVersion: 'backstage.io/v1alpha1',
    };
    const base = buildFinalEntity(input()).hash;
    expect(buildFinalEntity(input({ processed: reordered })).hash).toBe(base);
    expect(buildFinalEntity(input({ isOrphan: true })).hash).not.toBe(base);
    expect(buildFinalEntity(input({ entityId: 'other' })).hash).not.toBe(base);
    expect(
      buildFinalEntity(input({ relations: [{ type: 'ownedBy', targetRef: 'group:default/team-a' }] })).hash,
    ).not.toBe(base);
  });

  it('does not modify its input', () => {
    const copy = structuredClone(processed);
    buildFinalEntity(input({ isOrphan: true, errors: [{ name: 'Error', message: 'x' }] }));
    expect(processed).toEqual(copy);
  });

  it('replaces relations and keeps status items the processed entity already had', () => {
    const withOutputFields: Entity = {
      ...processed,
      relations: [{ type: 'stale', targetRef: 'component:default/x' }],
      status: { items: [{ type: 'example.com/check', level: 'warning', message: 'slow' }] },
    };
    const { entity } = buildFinalEntity(
      input({ processed: withOutputFields, errors: [{ name: 'Error', message: 'boom' }] }),
    );
    expect(entity.relations).toEqual([]);
    expect(entity.status?.items?.map((item) => item.message)).toEqual(['slow', 'Error: boom']);
  });
});
