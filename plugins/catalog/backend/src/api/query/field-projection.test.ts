import { describe, expect, it } from 'vitest';
import { createEntityProjector, parseFields, projectEntity } from './field-projection.js';

const entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'billing',
    namespace: 'default',
    annotations: { 'backstage.io/techdocs-ref': 'dir:.', 'github.com/project-slug': 'acme/billing' },
    tags: ['java'],
  },
  spec: { type: 'service', steps: [{ action: 'a' }, { action: 'b' }] },
};

describe('parseFields', () => {
  it('returns undefined when no fields are requested, so whole entities are served untouched', () => {
    expect(parseFields(undefined)).toBeUndefined();
    expect(parseFields('')).toBeUndefined();
    expect(parseFields([' , '])).toBeUndefined();
  });

  it('splits comma-joined and repeated values, trims and de-duplicates, keeping case', () => {
    expect(parseFields(['kind, metadata.name', 'kind', 'spec.providesApis'])).toEqual([
      'kind',
      'metadata.name',
      'spec.providesApis',
    ]);
  });

  it('rejects bracket syntax with a 400 that says what to do instead', () => {
    expect(() => parseFields('spec.steps[0].action')).toThrow(
      "Invalid fields 'spec.steps[0].action': array type fields are not supported; select the whole array instead",
    );
  });

  it('rejects empty path segments and too many fields', () => {
    expect(() => parseFields('metadata..name')).toThrow(/has an empty segment/);
    expect(() => parseFields(Array.from({ length: 101 }, (_, i) => `f${i}`))).toThrow(/Too many fields: 101/);
  });
});

describe('projectEntity', () => {
  it('keeps only the requested subtrees', () => {
    expect(projectEntity(entity, ['kind', 'metadata.namespace', 'metadata.name'])).toEqual({
      kind: 'Component',
      metadata: { namespace: 'default', name: 'billing' },
    });
  });

  it('finds annotation keys that contain dots', () => {
    expect(projectEntity(entity, ['metadata.annotations.backstage.io/techdocs-ref'])).toEqual({
      metadata: { annotations: { 'backstage.io/techdocs-ref': 'dir:.' } },
    });
  });

  it('skips fields the entity does not have', () => {
    expect(
      projectEntity(entity, ['spec.owner', 'metadata.annotations.backstage.io/missing', 'kind']),
    ).toEqual({
      kind: 'Component',
    });
  });

  it('returns whole arrays and objects when a field names them', () => {
    expect(projectEntity(entity, ['spec.steps', 'metadata.tags'])).toEqual({
      metadata: { tags: ['java'] },
      spec: { steps: [{ action: 'a' }, { action: 'b' }] },
    });
  });

  it('merges a wider and a narrower field without modifying the input', () => {
    const before = structuredClone(entity);
    const projected = projectEntity(entity, ['metadata', 'metadata.annotations.github.com/project-slug']);
    expect(projected).toEqual({ metadata: entity.metadata });
    expect(entity).toEqual(before);
  });

  it('never writes through __proto__', () => {
    const hostile = JSON.parse('{"kind":"X","__proto__":{"polluted":true}}');
    const projected = createEntityProjector(['__proto__.polluted', 'kind'])(hostile);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(projected)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(projected))).toEqual(
      JSON.parse('{"__proto__":{"polluted":true},"kind":"X"}'),
    );
  });
});
