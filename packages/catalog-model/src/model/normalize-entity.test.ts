import { describe, expect, it } from 'vitest';
import { builtinModelFragment } from '../builtin/builtin-fragment.js';
import type { Entity } from '../entity/entity.js';
import { compileModel } from './catalog-model.js';

const model = compileModel([builtinModelFragment]);

describe('normalizeEntity', () => {
  it('defaults the namespace and sorts list-valued relation fields, leaving the input alone', () => {
    const user: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'jane' },
      spec: { memberOf: ['team-b', 'admins'], profile: { displayName: 'Jane' } },
    };
    const normalized = model.normalizeEntity(user);
    expect(normalized).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'User',
      metadata: { name: 'jane', namespace: 'default' },
      spec: { memberOf: ['admins', 'team-b'], profile: { displayName: 'Jane' } },
    });
    expect(user.metadata.namespace).toBeUndefined();
    expect(user.spec!.memberOf).toEqual(['team-b', 'admins']);
    expect(normalized.spec!.profile).toBe(user.spec!.profile);
  });

  it('sorts exactly the lists Backstage sorts for the built-in kinds', () => {
    const component: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'x', namespace: 'default', tags: ['b', 'a'] },
      spec: {
        providesApis: ['b', 'a'],
        consumesApis: ['d', 'c'],
        dependsOn: ['z:b', 'z:a'],
        dependencyOf: ['y:b', 'y:a'],
      },
    };
    expect(model.normalizeEntity(component).spec).toEqual({
      providesApis: ['a', 'b'],
      consumesApis: ['c', 'd'],
      dependsOn: ['z:a', 'z:b'],
      dependencyOf: ['y:a', 'y:b'],
    });
    expect(model.normalizeEntity(component).metadata.tags).toEqual(['b', 'a']);
    const group: Entity = {
      ...component,
      kind: 'Group',
      spec: { children: ['b', 'a'], members: ['d', 'c'] },
    };
    expect(model.normalizeEntity(group).spec).toEqual({ children: ['a', 'b'], members: ['c', 'd'] });
  });

  it('returns the same object when nothing changes', () => {
    const entity: Entity = {
      apiVersion: 'v1',
      kind: 'User',
      metadata: { name: 'a', namespace: 'x' },
      spec: { memberOf: ['a', 'b'] },
    };
    expect(model.normalizeEntity(entity)).toBe(entity);
  });
});
