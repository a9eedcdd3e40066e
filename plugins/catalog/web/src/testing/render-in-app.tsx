import type { Entity } from '@greenroom/catalog-model';
import {
  type ApiFactory,
  AppProvider,
  createApiFactory,
  createApp,
  type FrontendPlugin,
  type IdentityApi,
  identityApiRef,
  type Session,
} from '@greenroom/web-runtime';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import type { CatalogApi, EntityPage, EntityQuery } from '../api/catalog-api.js';
import { catalogApiRef } from '../api/catalog-api.js';
import { stringifyRef } from '../entity-ref.js';

/** A signed-in session for component tests. */
export function testSession(ownershipEntityRefs: string[] = ['user:default/jane']): Session {
  return {
    providerId: 'guest',
    expiresAt: Date.now() + 3_600_000,
    response: {
      profile: { displayName: 'Jane' },
      backstageIdentity: {
        token: 'token',
        identity: { type: 'user', userEntityRef: 'user:default/jane', ownershipEntityRefs },
      },
    },
  };
}

/** An identity API holding a fixed session. */
export function staticIdentityApi(session: Session): IdentityApi {
  return {
    getProviders: async () => ({ environment: 'development', providers: [] }),
    getSession: () => session,
    restore: async () => session,
    signIn: async () => session,
    getCredentials: async () => ({ token: session.response.backstageIdentity.token }),
    signOut: async () => {},
    subscribe: () => () => {},
  };
}

/**
 * A catalog API over an in-memory list of entities that records the queries it gets.
 * Filters by `kind` and the text filter only; enough for page-level tests.
 */
export class InMemoryCatalogApi implements CatalogApi {
  readonly queries: (EntityQuery | { cursor: string })[] = [];
  readonly entities: Entity[];

  constructor(entities: Entity[]) {
    this.entities = entities;
  }

  async queryEntities(query: EntityQuery | { cursor: string; limit?: number }): Promise<EntityPage> {
    this.queries.push(query);
    if ('cursor' in query)
      return { items: this.entities.slice(-1), totalItems: this.entities.length, pageInfo: {} };
    const filter = Array.isArray(query.filter) ? query.filter[0] : query.filter;
    const kinds = filter?.kind ?? [];
    const term = query.fullTextFilterTerm?.toLowerCase();
    const items = this.entities.filter(
      (e) =>
        (kinds.length === 0 || kinds.includes(e.kind.toLowerCase())) &&
        (!term || e.metadata.name.includes(term)),
    );
    const page = items.slice(0, query.limit ?? 20);
    return {
      items: page,
      totalItems: items.length,
      pageInfo: items.length > page.length ? { nextCursor: 'next' } : {},
    };
  }

  async getFacets(facets: string[]) {
    const result: Record<string, { value: string; count: number }[]> = {};
    for (const facet of facets) {
      const counts = new Map<string, number>();
      for (const e of this.entities) {
        const value = facet === 'kind' ? e.kind : facet === 'spec.type' ? e.spec?.type : undefined;
        if (typeof value === 'string') counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      result[facet] = [...counts].map(([value, count]) => ({ value, count }));
    }
    return result;
  }

  async getEntityByName(name: { kind: string; namespace: string; name: string }) {
    return this.entities.find((e) => stringifyRef(e) === stringifyRef(name));
  }

  async getEntitiesByRefs(refs: string[]) {
    return refs.map((ref) => this.entities.find((e) => stringifyRef(e) === ref) ?? null);
  }

  async getEntityHistory() {
    return { items: [] };
  }
}

/**
 * Renders plugin pages inside a real app (createApp, router, query cache, Mantine)
 * with the given APIs, at `path`.
 *
 * @example
 * renderInApp({ plugins: [catalogPlugin], apis: [...], path: '/catalog' });
 */
export function renderInApp(options: {
  plugins: FrontendPlugin[];
  catalogApi: CatalogApi;
  session?: Session;
  path: string;
  extraApis?: ApiFactory<any, any>[];
  children?: ReactNode;
}) {
  const app = createApp({
    plugins: options.plugins,
    apis: [
      createApiFactory({ api: catalogApiRef, deps: {}, factory: () => options.catalogApi }),
      createApiFactory({
        api: identityApiRef,
        deps: {},
        factory: () => staticIdentityApi(options.session ?? testSession()),
      }),
      ...(options.extraApis ?? []),
    ],
  });
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <MantineProvider>
      <QueryClientProvider client={queryClient}>
        <AppProvider app={app}>
          <MemoryRouter initialEntries={[options.path]}>
            <Routes>
              {app.pages.map((page) => (
                <Route key={page.routeRef.id} path={page.path} element={<page.component />} />
              ))}
            </Routes>
            {options.children}
          </MemoryRouter>
        </AppProvider>
      </QueryClientProvider>
    </MantineProvider>,
  );
}
