import type { Entity } from '@greenroom/catalog-model';
import type { ApiFactory } from '../apis/api-ref.js';
import { ApiRegistry } from '../apis/api-registry.js';
import type { ConfigApi } from '../apis/config-api.js';
import { matchesEntityFilter } from '../plugin/entity-filter.js';
import type {
  EntityCardExtension,
  EntityTabExtension,
  FrontendPlugin,
  NavItemExtension,
  PageExtension,
} from '../plugin/frontend-plugin.js';
import type { RouteRef } from '../routing/route-ref.js';
import { type RouteBindings, RouteResolver } from '../routing/route-resolver.js';

/** The assembled app: its APIs, routes and the extensions of every plugin. */
export interface App {
  readonly plugins: readonly FrontendPlugin[];
  readonly apis: ApiRegistry;
  readonly routes: RouteResolver;
  readonly pages: readonly PageExtension[];
  readonly navItems: readonly NavItemExtension[];
  /** The entity page tabs that apply to an entity, in plugin order. */
  entityTabsFor(entity: Entity): EntityTabExtension[];
  /** The entity page cards that apply to an entity, in plugin order. */
  entityCardsFor(entity: Entity): EntityCardExtension[];
}

/** Options of {@link createApp}. */
export interface CreateAppOptions {
  plugins: readonly FrontendPlugin[];
  /** The app's own API factories: core APIs and replacements for plugin defaults. */
  apis?: readonly ApiFactory<any, any>[];
  /** Route bindings from code; they win over `app.routes.bindings` in config. */
  bindings?: Record<string, RouteRef | false>;
  /** Read for `app.routes.bindings`. */
  config?: ConfigApi;
}

/**
 * Assembles plugins into an {@link App}: checks ids are unique, registers API
 * factories (app ones over plugin defaults) and binds external routes.
 *
 * @example
 * const app = createApp({ plugins: [catalogPlugin], apis: coreApis, config });
 */
export function createApp(options: CreateAppOptions): App {
  const { plugins } = options;
  const seen = new Set<string>();
  const paths: Record<string, string> = {};
  for (const plugin of plugins) {
    if (seen.has(plugin.id)) throw new Error(`Frontend plugin '${plugin.id}' is installed twice`);
    seen.add(plugin.id);
    for (const page of plugin.pages) {
      if (paths[page.routeRef.id]) throw new Error(`Route '${page.routeRef.id}' is mounted twice`);
      paths[page.routeRef.id] = page.path.replace(/\/\*$/, '');
    }
  }
  const codeBindings: RouteBindings = {};
  for (const [from, to] of Object.entries(options.bindings ?? {}))
    codeBindings[from] = to === false ? false : to.id;
  const configBindings = options.config?.getOptional<RouteBindings>('app.routes.bindings') ?? {};
  const routes = new RouteResolver({
    paths,
    externalRoutes: plugins.flatMap((p) => p.externalRoutes),
    bindings: [codeBindings, configBindings],
  });
  const apis = new ApiRegistry([...plugins.flatMap((p) => p.apis), ...(options.apis ?? [])]);
  return Object.freeze({
    plugins,
    apis,
    routes,
    pages: plugins.flatMap((p) => p.pages),
    navItems: plugins.flatMap((p) => p.navItems),
    entityTabsFor: (entity: Entity) =>
      plugins.flatMap((p) => p.entityTabs).filter((tab) => matchesEntityFilter(entity, tab.filter)),
    entityCardsFor: (entity: Entity) =>
      plugins.flatMap((p) => p.entityCards).filter((card) => matchesEntityFilter(entity, card.filter)),
  });
}
