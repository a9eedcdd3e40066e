/**
 * A typed handle for a page of a plugin. Plugins link to each other's pages through
 * refs, never through hard-coded paths, so the app can mount pages anywhere.
 *
 * @example
 * export const entityRouteRef = createRouteRef({ id: 'catalog.entity', params: ['namespace', 'kind', 'name'] });
 */
export interface RouteRef<P extends string = string> {
  readonly $$type: 'RouteRef';
  readonly id: string;
  readonly params: readonly P[];
}

/**
 * A link target a plugin needs but does not own (e.g. the catalog's "create component"
 * button); the app binds it to another plugin's {@link RouteRef}.
 *
 * @example
 * export const createComponentRouteRef = createExternalRouteRef({
 *   id: 'catalog.createComponent',
 *   defaultTarget: 'scaffolder.root',
 * });
 */
export interface ExternalRouteRef<P extends string = string> {
  readonly $$type: 'ExternalRouteRef';
  readonly id: string;
  readonly params: readonly P[];
  /** The route bound when neither code nor config binds one and it exists. */
  readonly defaultTarget?: string;
}

const ROUTE_ID = /^[a-z][a-z0-9-]*\.[a-zA-Z][a-zA-Z0-9-]*$/;

function checkId(id: string): void {
  if (!ROUTE_ID.test(id))
    throw new Error(`Invalid route id '${id}': use '<pluginId>.<name>', e.g. 'catalog.index'`);
}

/**
 * Creates a {@link RouteRef}; `params` name the path parameters its page needs.
 *
 * @example
 * createRouteRef({ id: 'catalog.index' });
 */
export function createRouteRef<P extends string = never>(options: {
  id: string;
  params?: readonly P[];
}): RouteRef<P> {
  checkId(options.id);
  return Object.freeze({
    $$type: 'RouteRef',
    id: options.id,
    params: Object.freeze([...(options.params ?? [])]),
  });
}

/**
 * Creates an {@link ExternalRouteRef}.
 *
 * @example
 * createExternalRouteRef({ id: 'catalog.createComponent', defaultTarget: 'scaffolder.root' });
 */
export function createExternalRouteRef<P extends string = never>(options: {
  id: string;
  params?: readonly P[];
  defaultTarget?: string;
}): ExternalRouteRef<P> {
  checkId(options.id);
  return Object.freeze({
    $$type: 'ExternalRouteRef',
    id: options.id,
    params: Object.freeze([...(options.params ?? [])]),
    ...(options.defaultTarget ? { defaultTarget: options.defaultTarget } : {}),
  });
}
