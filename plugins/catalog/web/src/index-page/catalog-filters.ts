import type { EntityFilterMap } from '../api/catalog-api.js';
import { parseRef } from '../entity-ref.js';

/** The filter facets of the catalog index: URL parameter → entity field. */
export const FACET_FIELDS = {
  type: 'spec.type',
  owner: 'relations.ownedBy',
  lifecycle: 'spec.lifecycle',
  tag: 'metadata.tags',
  namespace: 'metadata.namespace',
} as const;

/** A facet's URL parameter name. */
export type FacetParam = keyof typeof FACET_FIELDS;

/** What the catalog index shows, as kept in the URL. */
export interface CatalogIndexState {
  kind: string;
  facets: Record<FacetParam, string[]>;
  /** `owned`: owned by the user or their groups; `starred`: starred in this browser. */
  scope: 'all' | 'owned' | 'starred';
  text: string;
  sort: { field: string; order: 'asc' | 'desc' };
  pageSize: number;
}

/**
 * Reads the index state from URL search params (`?kind=api&lifecycle=production&q=pay`).
 *
 * @example
 * readIndexState(new URLSearchParams('kind=api&scope=owned'));
 */
export function readIndexState(params: URLSearchParams): CatalogIndexState {
  const facets = {} as Record<FacetParam, string[]>;
  for (const key of Object.keys(FACET_FIELDS) as FacetParam[]) facets[key] = params.getAll(key).slice(0, 50);
  const scope = params.get('scope');
  const [field = 'metadata.name', order] = (params.get('sort') ?? '').split(',');
  const pageSize = Number(params.get('size'));
  return {
    kind: params.get('kind') ?? 'component',
    facets,
    scope: scope === 'owned' || scope === 'starred' ? scope : 'all',
    text: (params.get('q') ?? '').slice(0, 200),
    sort: { field: field || 'metadata.name', order: order === 'desc' ? 'desc' : 'asc' },
    pageSize: [20, 50, 100].includes(pageSize) ? pageSize : 20,
  };
}

/**
 * The by-query filter of the index state: facets AND-ed; `owned` restricts the owner to
 * the user's ownership refs; `starred` ORs one branch per starred entity.
 *
 * @example
 * buildEntityFilter(state, { ownershipRefs: ['user:default/jane'], starred: [] });
 */
export function buildEntityFilter(
  state: CatalogIndexState,
  user: { ownershipRefs: string[]; starred: string[] },
  options: { withoutFacet?: FacetParam } = {},
): EntityFilterMap | EntityFilterMap[] {
  const base: EntityFilterMap = { kind: [state.kind] };
  for (const [param, values] of Object.entries(state.facets) as [FacetParam, string[]][]) {
    if (param !== options.withoutFacet && values.length > 0) base[FACET_FIELDS[param]] = values;
  }
  if (state.scope === 'owned') {
    base['relations.ownedBy'] = base['relations.ownedBy']
      ? base['relations.ownedBy'].filter((ref) => user.ownershipRefs.includes(ref))
      : user.ownershipRefs;
    // An owner filter that excludes all of the user's refs matches nothing.
    if (base['relations.ownedBy'].length === 0) base['relations.ownedBy'] = ['<none>'];
  }
  if (state.scope === 'starred') {
    const refs = user.starred
      .map((ref) => parseRef(ref))
      .filter((ref) => ref.kind === state.kind.toLowerCase());
    if (refs.length === 0) return { ...base, 'metadata.name': ['<none>'] };
    return refs.map((ref) => ({
      ...base,
      'metadata.namespace': [ref.namespace],
      'metadata.name': [ref.name],
    }));
  }
  return base;
}
