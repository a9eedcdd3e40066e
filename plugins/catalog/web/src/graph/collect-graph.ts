import type { Entity } from '@greenroom/catalog-model';
import { stringifyRef } from '../entity-ref.js';

/** A node and edge list of entities and their relations. */
export interface EntityGraph {
  nodes: { ref: string; entity?: Entity }[];
  edges: { from: string; to: string; type: string }[];
}

/** Relation types that are the inverse of another: an edge is drawn once, forwards. */
const INVERSE: Record<string, string> = {
  ownerOf: 'ownedBy',
  hasPart: 'partOf',
  dependencyOf: 'dependsOn',
  apiProvidedBy: 'providesApi',
  apiConsumedBy: 'consumesApi',
  parentOf: 'childOf',
  hasMember: 'memberOf',
};

/** The relation types the graph offers, in the forward direction. */
export const GRAPH_RELATION_TYPES = [
  'ownedBy',
  'partOf',
  'dependsOn',
  'providesApi',
  'consumesApi',
  'childOf',
  'memberOf',
];

/**
 * Walks relations breadth-first from a root entity up to `depth` hops, following only
 * `relationTypes` (either direction), and returns the nodes and de-duplicated edges.
 * `load` fetches entities by ref (null for refs missing from the catalog).
 *
 * @example
 * const graph = await collectGraph(entity, { depth: 2, relationTypes: ['dependsOn'], load });
 */
export async function collectGraph(
  root: Entity,
  options: {
    depth: number;
    relationTypes: readonly string[];
    load(refs: string[]): Promise<(Entity | null)[]>;
    maxNodes?: number;
  },
): Promise<EntityGraph> {
  const maxNodes = options.maxNodes ?? 200;
  const nodes = new Map<string, Entity | undefined>([[stringifyRef(root), root]]);
  const edges = new Map<string, { from: string; to: string; type: string }>();
  let frontier: Entity[] = [root];
  for (let hop = 0; hop < options.depth && frontier.length > 0; hop++) {
    const discovered: string[] = [];
    for (const entity of frontier) {
      const self = stringifyRef(entity);
      for (const relation of entity.relations ?? []) {
        const forward = INVERSE[relation.type] ?? relation.type;
        if (!options.relationTypes.includes(forward)) continue;
        const inverse = forward !== relation.type;
        const edge = inverse
          ? { from: relation.targetRef, to: self, type: forward }
          : { from: self, to: relation.targetRef, type: forward };
        edges.set(`${edge.from} ${edge.type} ${edge.to}`, edge);
        if (!nodes.has(relation.targetRef) && nodes.size + discovered.length < maxNodes) {
          discovered.push(relation.targetRef);
        }
      }
    }
    const unique = [...new Set(discovered)].filter((ref) => !nodes.has(ref));
    const loaded = unique.length > 0 ? await options.load(unique) : [];
    frontier = [];
    unique.forEach((ref, index) => {
      const entity = loaded[index] ?? undefined;
      nodes.set(ref, entity);
      if (entity) frontier.push(entity);
    });
  }
  const kept = [...edges.values()].filter((e) => nodes.has(e.from) && nodes.has(e.to));
  return { nodes: [...nodes].map(([ref, entity]) => ({ ref, entity })), edges: kept };
}
