import { createFrontendPlugin } from '@greenroom/web-runtime';
import { lazy } from 'react';
import { catalogApiFactory } from './api/catalog-api.js';
import { HistoryTab } from './entity-page/HistoryTab.js';
import { RelatedEntitiesTab } from './entity-page/RelatedEntitiesTab.js';
import { catalogIndexRouteRef, createComponentRouteRef, entityRouteRef } from './routes.js';

const CatalogIndexPage = lazy(() => import('./index-page/CatalogIndexPage.js'));
const EntityPage = lazy(() => import('./entity-page/EntityPage.js'));
const RelationsGraph = lazy(() => import('./graph/RelationsGraph.js'));
const ApiDefinitionTab = lazy(() => import('./api-docs/ApiDefinitionTab.js'));

/**
 * The catalog's web plugin: the index at `/catalog`, entity pages with their tabs
 * (relations graph, API definition, dependencies, dependents, children, history) and
 * the catalog API client.
 *
 * @example
 * createApp({ plugins: [catalogPlugin] });
 */
export const catalogPlugin = createFrontendPlugin({
  id: 'catalog',
  pages: [
    { path: '/catalog', routeRef: catalogIndexRouteRef, component: CatalogIndexPage },
    { path: '/catalog/:namespace/:kind/:name/*', routeRef: entityRouteRef, component: EntityPage },
  ],
  navItems: [{ title: 'Catalog', routeRef: catalogIndexRouteRef }],
  apis: [catalogApiFactory],
  externalRoutes: [createComponentRouteRef],
  entityTabs: [
    { path: 'api', title: 'API definition', filter: { kind: 'API' }, component: ApiDefinitionTab },
    {
      path: 'dependencies',
      title: 'Dependencies',
      filter: { kind: ['Component', 'Resource', 'System'] },
      component: ({ entity }) => (
        <RelatedEntitiesTab
          entity={entity}
          relationTypes={['dependsOn', 'consumesApi']}
          emptyText="No dependencies."
        />
      ),
    },
    {
      path: 'dependents',
      title: 'Dependents',
      filter: { kind: ['Component', 'Resource', 'API', 'System'] },
      component: ({ entity }) => (
        <RelatedEntitiesTab
          entity={entity}
          relationTypes={['dependencyOf', 'apiConsumedBy', 'apiProvidedBy']}
          emptyText="Nothing depends on this entity."
        />
      ),
    },
    {
      path: 'children',
      title: 'Children',
      filter: { kind: ['Domain', 'System', 'Component', 'Group'] },
      component: ({ entity }) => (
        <RelatedEntitiesTab
          entity={entity}
          relationTypes={['hasPart', 'parentOf', 'hasMember']}
          emptyText="This entity has no children."
        />
      ),
    },
    { path: 'graph', title: 'Relations graph', component: RelationsGraph },
    { path: 'history', title: 'History', component: HistoryTab },
  ],
});
