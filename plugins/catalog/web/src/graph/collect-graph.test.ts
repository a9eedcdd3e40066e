import type { Entity } from '@greenroom/catalog-model';
import { describe, expect, it } from 'vitest';
import { collectGraph } from './collect-graph.js';

function entity(kind: string, name: string, relations: [string, string][] = []): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default' },
    relations: relations.map(([type, targetRef]) => ({ type, targetRef })),
  };
}

const catalog = new Map<string, Entity>([
  [
    'component:default/cart',
    entity('Component', 'cart', [
      ['ownedBy', 'group:default/team'],
      ['dependsOn', 'resource:default/db'],
    ]),
  ],
  [
    'group:default/team',
    entity('Group', 'team', [
      ['ownerOf', 'component:default/cart'],
      ['childOf', 'group:default/org'],
    ]),
  ],
  ['resource:default/db', entity('Resource', 'db', [['dependencyOf', 'component:default/cart']])],
  ['group:default/org', entity('Group', 'org', [['parentOf', 'group:default/team']])],
]);
const load = async (refs: string[]) => refs.map((ref) => catalog.get(ref) ?? null);

describe('collectGraph', () => {
  it('follows the chosen relation types one hop per depth, drawing each relation once', async () => {
    const root = catalog.get('component:default/cart')!;
    const oneHop = await collectGraph(root, {
      depth: 1,
      relationTypes: ['ownedBy', 'dependsOn', 'childOf'],
      load,
    });
    expect(oneHop.nodes.map((n) => n.ref).sort()).toEqual([
      'component:default/cart',
      'group:default/team',
      'resource:default/db',
    ]);
    expect(oneHop.edges).toEqual([
      { from: 'component:default/cart', to: 'group:default/team', type: 'ownedBy' },
      { from: 'component:default/cart', to: 'resource:default/db', type: 'dependsOn' },
    ]);
    const twoHops = await collectGraph(root, {
      depth: 2,
      relationTypes: ['ownedBy', 'dependsOn', 'childOf'],
      load,
    });
    expect(twoHops.nodes.map((n) => n.ref)).toContain('group:default/org');
    expect(twoHops.edges).toHaveLength(3);
  });

  it('leaves out relation types that are not chosen', async () => {
    const graph = await collectGraph(catalog.get('component:default/cart')!, {
      depth: 2,
      relationTypes: ['dependsOn'],
      load,
    });
    expect(graph.nodes.map((n) => n.ref).sort()).toEqual(['component:default/cart', 'resource:default/db']);
  });

  it('keeps refs missing from the catalog as nodes without an entity', async () => {
    const lonely = entity('Component', 'lonely', [['dependsOn', 'resource:default/gone']]);
    const graph = await collectGraph(lonely, { depth: 1, relationTypes: ['dependsOn'], load });
    expect(graph.nodes).toContainEqual({ ref: 'resource:default/gone', entity: undefined });
  });

  it('stops at the node limit', async () => {
    const graph = await collectGraph(catalog.get('component:default/cart')!, {
      depth: 3,
      relationTypes: ['ownedBy', 'dependsOn', 'childOf'],
      load,
      maxNodes: 2,
    });
    expect(graph.nodes).toHaveLength(2);
  });
});
