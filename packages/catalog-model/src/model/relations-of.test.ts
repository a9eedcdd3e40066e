import { describe, expect, it } from 'vitest';
import { builtinModelFragment } from '../builtin/builtin-fragment.js';
import type { Entity } from '../entity/entity.js';
import { compileModel } from './catalog-model.js';

const model = compileModel([builtinModelFragment]);

function entity(kind: string, spec: Record<string, unknown>, namespace?: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name: 'Example', ...(namespace ? { namespace } : {}) },
    spec,
  };
}

describe('relationsOf', () => {
  it('emits every relation both ways with canonical lowercase refs', () => {
    const component = entity('Component', {
      type: 'service',
      lifecycle: 'production',
      owner: 'Team-A',
      system: 'shop',
      subcomponentOf: 'platform',
      providesApis: ['orders'],
      consumesApis: ['API:payments/cards'],
      dependsOn: ['resource:orders-db'],
      dependencyOf: ['component:storefront'],
    });
    expect(model.relationsOf(component)).toEqual([
      { source: 'component:default/example', type: 'ownedBy', target: 'group:default/team-a' },
      { source: 'group:default/team-a', type: 'ownerOf', target: 'component:default/example' },
      { source: 'component:default/example', type: 'partOf', target: 'component:default/platform' },
      { source: 'component:default/platform', type: 'hasPart', target: 'component:default/example' },
      { source: 'component:default/example', type: 'partOf', target: 'system:default/shop' },
      { source: 'system:default/shop', type: 'hasPart', target: 'component:default/example' },
      { source: 'component:default/example', type: 'providesApi', target: 'api:default/orders' },
      { source: 'api:default/orders', type: 'apiProvidedBy', target: 'component:default/example' },
      { source: 'component:default/example', type: 'consumesApi', target: 'api:payments/cards' },
      { source: 'api:payments/cards', type: 'apiConsumedBy', target: 'component:default/example' },
      { source: 'component:default/example', type: 'dependsOn', target: 'resource:default/orders-db' },
      { source: 'resource:default/orders-db', type: 'dependencyOf', target: 'component:default/example' },
      { source: 'component:default/example', type: 'dependencyOf', target: 'component:default/storefront' },
      { source: 'component:default/storefront', type: 'dependsOn', target: 'component:default/example' },
    ]);
  });

  it("completes relative refs with the entity's own namespace and keeps explicit ones", () => {
    const user = entity('User', { memberOf: ['admins', 'hr/people', 'group:ops/oncall'] }, 'corp');
    expect(model.relationsOf(user).filter((relation) => relation.type === 'memberOf')).toEqual([
      { source: 'user:corp/example', type: 'memberOf', target: 'group:corp/admins' },
      { source: 'user:corp/example', type: 'memberOf', target: 'group:hr/people' },
      { source: 'user:corp/example', type: 'memberOf', target: 'group:ops/oncall' },
    ]);
  });

  it('lets an explicit kind override the default kind', () => {
    const system = entity('System', { owner: 'user:jane' });
    expect(model.relationsOf(system)[0]).toEqual({
      source: 'system:default/example',
      type: 'ownedBy',
      target: 'user:default/jane',
    });
  });

  it('emits the group hierarchy from parent, children and members', () => {
    const group = entity('Group', {
      type: 'team',
      parent: 'engineering',
      children: ['team-b'],
      members: ['jane'],
    });
    expect(model.relationsOf(group)).toEqual([
      { source: 'group:default/example', type: 'childOf', target: 'group:default/engineering' },
      { source: 'group:default/engineering', type: 'parentOf', target: 'group:default/example' },
      { source: 'group:default/example', type: 'parentOf', target: 'group:default/team-b' },
      { source: 'group:default/team-b', type: 'childOf', target: 'group:default/example' },
      { source: 'group:default/example', type: 'hasMember', target: 'user:default/jane' },
      { source: 'user:default/jane', type: 'memberOf', target: 'group:default/example' },
    ]);
  });

  it('emits ownership for templates', () => {
    const template = {
      ...entity('Template', { type: 'service', steps: [], owner: 'team-a' }),
      apiVersion: 'scaffolder.backstage.io/v1beta3',
    };
    expect(model.relationsOf(template)).toHaveLength(2);
  });

  it('drops duplicates, including refs that differ only in case', () => {
    const user = entity('User', { memberOf: ['admins', 'Admins', 'group:default/admins'] });
    expect(model.relationsOf(user)).toHaveLength(2);
  });

  it('skips refs that do not parse and values that are no refs', () => {
    const component = entity('Component', {
      owner: 3,
      dependsOn: ['no-kind', '', 'component:ok'],
      system: null,
    });
    expect(model.relationsOf(component)).toEqual([
      { source: 'component:default/example', type: 'dependsOn', target: 'component:default/ok' },
      { source: 'component:default/ok', type: 'dependencyOf', target: 'component:default/example' },
    ]);
  });

  it('returns nothing for kinds without relation fields and for unknown kinds', () => {
    expect(model.relationsOf(entity('Location', { target: './x.yaml' }))).toEqual([]);
    expect(model.relationsOf(entity('Robot', { owner: 'a' }))).toEqual([]);
  });
});
