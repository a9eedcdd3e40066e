import type { Entity } from '@greenroom/catalog-model';
import {
  createApiFactory,
  createApiRef,
  type DiscoveryApi,
  discoveryApiRef,
  type FetchApi,
  fetchApiRef,
} from '@greenroom/web-runtime';
import type { EntityName } from '../entity-ref.js';

/** A page of `GET /entities/by-query`. */
export interface EntityPage {
  items: Entity[];
  totalItems: number;
  pageInfo: { nextCursor?: string; prevCursor?: string };
}

/** Filters of the catalog index; each list is OR-ed, different keys AND-ed. */
export interface EntityQuery {
  /**
   * `key=value` conditions, e.g. `{ kind: ['component'], 'spec.lifecycle': ['production'] }`;
   * a list of such maps is OR-ed.
   */
  filter?: EntityFilterMap | EntityFilterMap[];
  fullTextFilterTerm?: string;
  /** Fields the text filter searches (default: name, title and description). */
  fullTextFilterFields?: string[];
  orderField?: { field: string; order: 'asc' | 'desc' };
  limit?: number;
  fields?: string[];
}

/** Filter conditions: values of one key are OR-ed, keys are AND-ed. */
export type EntityFilterMap = Record<string, string[]>;

/** One entry of the entity history (`GET /entities/by-name/…/history`). */
export interface EntityHistoryEntry {
  id: number;
  /** ISO 8601 time of the change. */
  at: string;
  change: 'created' | 'updated' | 'deleted';
  /** The location or provider key the entity came from. */
  source: string | null;
  diff: { op: string; path: string }[] | null;
}

/**
 * What the catalog pages need from the catalog backend.
 *
 * @example
 * const page = await useApi(catalogApiRef).queryEntities({ filter: { kind: ['api'] }, limit: 20 });
 */
export interface CatalogApi {
  queryEntities(
    query: EntityQuery | { cursor: string; limit?: number; fields?: string[] },
  ): Promise<EntityPage>;
  getFacets(
    facets: string[],
    filter?: EntityFilterMap | EntityFilterMap[],
  ): Promise<Record<string, { value: string; count: number }[]>>;
  getEntityByName(name: EntityName): Promise<Entity | undefined>;
  getEntitiesByRefs(refs: string[], fields?: string[]): Promise<(Entity | null)[]>;
  getEntityHistory(name: EntityName): Promise<{ items: EntityHistoryEntry[] }>;
}

/** The handle of the catalog API; the app may replace its implementation. */
export const catalogApiRef = createApiRef<CatalogApi>({ id: 'plugin.catalog' });

/** Serialises filter conditions the way `filter=` takes them: one param with all AND-ed conditions per OR branch. */
function filterParams(filter: EntityFilterMap | EntityFilterMap[] | undefined): string[] {
  if (Array.isArray(filter)) return filter.flatMap((branch) => filterParams(branch));
  // Each key's values are alternatives; by-query ORs repeated `filter` params, so
  // expand the product of the alternatives (small: a few keys, a few values).
  let branches: string[][] = [[]];
  for (const [key, values] of Object.entries(filter ?? {})) {
    if (values.length === 0) continue;
    branches = branches.flatMap((branch) => values.map((value) => [...branch, `${key}=${value}`]));
  }
  return branches.filter((b) => b.length > 0).map((b) => b.join(','));
}

async function ensureOk(response: Response, what: string): Promise<Response> {
  if (response.ok) return response;
  let message = `${what} failed (HTTP ${response.status})`;
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) message = `${what} failed: ${body.error.message}`;
  } catch {
    // not JSON; keep the status
  }
  throw new Error(message);
}

/**
 * {@link CatalogApi} over the catalog's HTTP API.
 *
 * @example
 * new CatalogClient({ discoveryApi, fetchApi });
 */
export class CatalogClient implements CatalogApi {
  readonly #discovery: DiscoveryApi;
  readonly #fetch: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.#discovery = options.discoveryApi;
    this.#fetch = options.fetchApi;
  }

  async queryEntities(
    query: EntityQuery | { cursor: string; limit?: number; fields?: string[] },
  ): Promise<EntityPage> {
    const params = new URLSearchParams();
    if ('cursor' in query) {
      params.set('cursor', query.cursor);
    } else {
      for (const f of filterParams(query.filter)) params.append('filter', f);
      if (query.fullTextFilterTerm) {
        params.set('fullTextFilterTerm', query.fullTextFilterTerm);
        const fields = query.fullTextFilterFields ?? [
          'metadata.name',
          'metadata.title',
          'metadata.description',
        ];
        params.set('fullTextFilterFields', fields.join(','));
      }
      if (query.orderField) params.set('orderField', `${query.orderField.field},${query.orderField.order}`);
    }
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    if (query.fields?.length) params.set('fields', query.fields.join(','));
    return this.#get(`/entities/by-query?${params}`, 'Loading entities');
  }

  async getFacets(facets: string[], filter?: EntityFilterMap | EntityFilterMap[]) {
    const params = new URLSearchParams();
    for (const facet of facets) params.append('facet', facet);
    for (const f of filterParams(filter)) params.append('filter', f);
    const body = await this.#get<{ facets: Record<string, { value: string; count: number }[]> }>(
      `/entity-facets?${params}`,
      'Loading filters',
    );
    return body.facets;
  }

  async getEntityByName(name: EntityName): Promise<Entity | undefined> {
    const path = `/entities/by-name/${[name.kind, name.namespace, name.name].map(encodeURIComponent).join('/')}`;
    const response = await this.#fetch.fetch(`${await this.#discovery.getBaseUrl('catalog')}${path}`);
    if (response.status === 404) return undefined;
    return (await ensureOk(response, 'Loading the entity')).json();
  }

  async getEntitiesByRefs(refs: string[], fields?: string[]): Promise<(Entity | null)[]> {
    if (refs.length === 0) return [];
    const base = await this.#discovery.getBaseUrl('catalog');
    const response = await this.#fetch.fetch(`${base}/entities/by-refs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ entityRefs: refs, ...(fields ? { fields } : {}) }),
    });
    const body = (await (await ensureOk(response, 'Loading related entities')).json()) as {
      items: (Entity | null)[];
    };
    return body.items;
  }

  async getEntityHistory(name: EntityName): Promise<{ items: EntityHistoryEntry[] }> {
    const path = `/entities/by-name/${[name.kind, name.namespace, name.name].map(encodeURIComponent).join('/')}/history`;
    return this.#get(path, 'Loading the history');
  }

  async #get<T>(path: string, what: string): Promise<T> {
    const response = await this.#fetch.fetch(`${await this.#discovery.getBaseUrl('catalog')}${path}`);
    return (await ensureOk(response, what)).json() as Promise<T>;
  }
}

/** The default implementation of {@link catalogApiRef}. */
export const catalogApiFactory = createApiFactory({
  api: catalogApiRef,
  deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
  factory: ({ discoveryApi, fetchApi }) => new CatalogClient({ discoveryApi, fetchApi }),
});
