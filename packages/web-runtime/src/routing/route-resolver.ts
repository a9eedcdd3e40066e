import type { ExternalRouteRef, RouteRef } from './route-ref.js';

/** Binding targets by external route id: a route id, or `false` to leave it unbound. */
export type RouteBindings = Record<string, string | false>;

/**
 * Turns route refs into paths. Knows where every page is mounted and which route
 * each external route is bound to (code bindings, then config, then defaults).
 *
 * @example
 * const resolver = new RouteResolver({ paths: { 'catalog.entity': '/catalog/:namespace/:kind/:name' } });
 * resolver.resolve(entityRouteRef)?.({ namespace: 'default', kind: 'component', name: 'checkout' });
 */
export class RouteResolver {
  readonly #paths: ReadonlyMap<string, string>;
  readonly #bindings: ReadonlyMap<string, string>;

  /**
   * @param options.paths mount path by route id
   * @param options.externalRoutes every external route the installed plugins declare
   * @param options.bindings explicit bindings, in order of precedence (code first, then config)
   */
  constructor(options: {
    paths: Record<string, string>;
    externalRoutes?: readonly ExternalRouteRef[];
    bindings?: readonly RouteBindings[];
  }) {
    this.#paths = new Map(Object.entries(options.paths));
    const bindings = new Map<string, string>();
    const known = new Set((options.externalRoutes ?? []).map((ref) => ref.id));
    for (const layer of [...(options.bindings ?? [])].reverse()) {
      for (const [from, to] of Object.entries(layer)) {
        if (!known.has(from)) {
          throw new Error(`Route binding '${from}': no installed plugin declares this external route`);
        }
        if (to === false) {
          bindings.delete(from);
          continue;
        }
        if (!this.#paths.has(to))
          throw new Error(`Route binding '${from}: ${to}': no installed page has route '${to}'`);
        bindings.set(from, to);
      }
    }
    const explicit = new Set((options.bindings ?? []).flatMap((layer) => Object.keys(layer)));
    for (const ref of options.externalRoutes ?? []) {
      if (!explicit.has(ref.id) && ref.defaultTarget && this.#paths.has(ref.defaultTarget)) {
        bindings.set(ref.id, ref.defaultTarget);
      }
    }
    this.#bindings = bindings;
  }

  /**
   * A function building the path for a route, or `undefined` when the route is not
   * mounted (or an external route is unbound), so callers can hide the link.
   */
  resolve<P extends string>(
    ref: RouteRef<P> | ExternalRouteRef<P>,
  ): ((params?: Record<P, string>) => string) | undefined {
    const id = ref.$$type === 'ExternalRouteRef' ? this.#bindings.get(ref.id) : ref.id;
    const path = id === undefined ? undefined : this.#paths.get(id);
    if (path === undefined) return undefined;
    return (params) =>
      path.replace(/:([A-Za-z0-9_]+)/g, (_match, name: string) => {
        const value = (params as Record<string, string> | undefined)?.[name];
        if (value === undefined) throw new Error(`Route '${id}' needs parameter '${name}'`);
        return encodeURIComponent(value);
      });
  }
}
