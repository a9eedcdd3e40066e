import type { Entity } from '@greenroom/catalog-model';
import type { ComponentType, ReactNode } from 'react';
import type { ApiFactory } from '../apis/api-ref.js';
import type { ExternalRouteRef, RouteRef } from '../routing/route-ref.js';
import type { EntityFilter } from './entity-filter.js';

/** A page a plugin mounts at a path (react-router syntax, e.g. `/catalog/:namespace/:kind/:name/*`). */
export interface PageExtension {
  path: string;
  routeRef: RouteRef;
  /** Use `React.lazy` here so the page's code loads only when it is opened. */
  component: ComponentType;
}

/** An entry of the app's sidebar. */
export interface NavItemExtension {
  title: string;
  routeRef: RouteRef;
  icon?: ReactNode;
}

/** A tab on the entity page, shown for entities matching `filter`. */
export interface EntityTabExtension {
  /** The tab's path below the entity page (`api`, `dependencies`); unique per app. */
  path: string;
  title: string;
  filter?: EntityFilter;
  component: ComponentType<{ entity: Entity }>;
}

/** A card on the entity page's overview, shown for entities matching `filter`. */
export interface EntityCardExtension {
  id: string;
  filter?: EntityFilter;
  /** `main` (wide column) or `side`; default `main`. */
  area?: 'main' | 'side';
  component: ComponentType<{ entity: Entity }>;
}

/** What a plugin declares; see {@link createFrontendPlugin}. */
export interface FrontendPluginOptions {
  id: string;
  pages?: PageExtension[];
  navItems?: NavItemExtension[];
  entityTabs?: EntityTabExtension[];
  entityCards?: EntityCardExtension[];
  /** Default implementations of the APIs the plugin uses; the app can replace any of them. */
  apis?: ApiFactory<any, any>[];
  /** External routes the app binds (`app.routes.bindings` or `createApp({ bindings })`). */
  externalRoutes?: ExternalRouteRef[];
}

/** A frontend plugin: a frozen declaration the app assembles. */
export interface FrontendPlugin extends Readonly<Required<FrontendPluginOptions>> {
  readonly $$type: 'FrontendPlugin';
}

/**
 * Declares a frontend plugin: its pages, sidebar entries, entity page tabs and cards,
 * default API implementations and external routes. Route ids must start with the plugin id.
 *
 * @example
 * export const catalogPlugin = createFrontendPlugin({
 *   id: 'catalog',
 *   pages: [{ path: '/catalog', routeRef: catalogIndexRouteRef, component: lazy(() => import('./CatalogIndexPage.js')) }],
 *   navItems: [{ title: 'Catalog', routeRef: catalogIndexRouteRef }],
 *   apis: [catalogApiFactory],
 * });
 */
export function createFrontendPlugin(options: FrontendPluginOptions): FrontendPlugin {
  if (!/^[a-z][a-z0-9-]*$/.test(options.id)) {
    throw new Error(`Invalid plugin id '${options.id}': use lower-case letters, digits and dashes`);
  }
  const own = (id: string, what: string) => {
    if (!id.startsWith(`${options.id}.`)) {
      throw new Error(`Plugin '${options.id}': ${what} '${id}' must start with '${options.id}.'`);
    }
  };
  for (const page of options.pages ?? []) own(page.routeRef.id, 'route');
  for (const ref of options.externalRoutes ?? []) own(ref.id, 'external route');
  return Object.freeze({
    $$type: 'FrontendPlugin',
    id: options.id,
    pages: options.pages ?? [],
    navItems: options.navItems ?? [],
    entityTabs: options.entityTabs ?? [],
    entityCards: options.entityCards ?? [],
    apis: options.apis ?? [],
    externalRoutes: options.externalRoutes ?? [],
  });
}
