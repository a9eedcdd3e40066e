import type { Entity } from '@greenroom/catalog-model';
import { describe, expect, it } from 'vitest';
import { createApiFactory, createApiRef } from '../apis/api-ref.js';
import { StaticConfigApi } from '../apis/config-api.js';
import { createFrontendPlugin } from '../plugin/frontend-plugin.js';
import { createExternalRouteRef, createRouteRef } from '../routing/route-ref.js';
import { createApp } from './create-app.js';

const Nothing = () => null;
const entity = (kind: string, type?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x', annotations: { 'example.com/dashboard': 'yes' } },
  spec: type ? { type } : {},
});

const rootRef = createRouteRef({ id: 'docs.root' });
const createRef = createRouteRef({ id: 'scaffolder.root' });
const createLink = createExternalRouteRef({ id: 'docs.create', defaultTarget: 'scaffolder.root' });
const greeterRef = createApiRef<{ hello(): string }>({ id: 'plugin.docs.greeter' });

const docsPlugin = createFrontendPlugin({
  id: 'docs',
  pages: [{ path: '/docs/*', routeRef: rootRef, component: Nothing }],
  navItems: [{ title: 'Docs', routeRef: rootRef }],
  externalRoutes: [createLink],
  apis: [createApiFactory({ api: greeterRef, deps: {}, factory: () => ({ hello: () => 'default' }) })],
  entityTabs: [
    { path: 'api', title: 'API', filter: { kind: 'API' }, component: Nothing },
    {
      path: 'svc',
      title: 'Service',
      filter: { kind: 'component', type: ['service', 'website'] },
      component: Nothing,
    },
    {
      path: 'dash',
      title: 'Dashboard',
      filter: { if: (e) => Boolean(e.metadata.annotations?.['example.com/dashboard']) },
      component: Nothing,
    },
  ],
  entityCards: [{ id: 'everywhere', component: Nothing }],
});
const scaffolderPlugin = createFrontendPlugin({
  id: 'scaffolder',
  pages: [{ path: '/create', routeRef: createRef, component: Nothing }],
});

describe('createApp', () => {
  it('shows entity tabs by kind, type (any case) and predicate', () => {
    const app = createApp({ plugins: [docsPlugin] });
    const titles = (e: Entity) => app.entityTabsFor(e).map((tab) => tab.title);
    expect(titles(entity('API'))).toEqual(['API', 'Dashboard']);
    expect(titles(entity('Component', 'Website'))).toEqual(['Service', 'Dashboard']);
    expect(titles(entity('Component', 'library'))).toEqual(['Dashboard']);
    expect(app.entityCardsFor(entity('Group')).map((card) => card.id)).toEqual(['everywhere']);
  });

  it('mounts pages without their trailing wildcard and binds external routes by default', () => {
    const app = createApp({ plugins: [docsPlugin, scaffolderPlugin] });
    expect(app.routes.resolve(rootRef)?.()).toBe('/docs');
    expect(app.routes.resolve(createLink)?.()).toBe('/create');
    expect(app.navItems.map((item) => item.title)).toEqual(['Docs']);
  });

  it('reads route bindings from app.routes.bindings, code bindings winning', () => {
    const config = new StaticConfigApi({ app: { routes: { bindings: { 'docs.create': false } } } });
    expect(
      createApp({ plugins: [docsPlugin, scaffolderPlugin], config }).routes.resolve(createLink),
    ).toBeUndefined();
    const app = createApp({
      plugins: [docsPlugin, scaffolderPlugin],
      config,
      bindings: { 'docs.create': createRef },
    });
    expect(app.routes.resolve(createLink)?.()).toBe('/create');
  });

  it('lets the app replace a plugin API', () => {
    const app = createApp({
      plugins: [docsPlugin],
      apis: [createApiFactory({ api: greeterRef, deps: {}, factory: () => ({ hello: () => 'custom' }) })],
    });
    expect(app.apis.get(greeterRef).hello()).toBe('custom');
  });

  it('refuses a plugin installed twice and routes owned by another plugin', () => {
    expect(() => createApp({ plugins: [docsPlugin, docsPlugin] })).toThrow(
      "Frontend plugin 'docs' is installed twice",
    );
    expect(() =>
      createFrontendPlugin({ id: 'other', pages: [{ path: '/x', routeRef: rootRef, component: Nothing }] }),
    ).toThrow("Plugin 'other': route 'docs.root' must start with 'other.'");
  });
});
