import { createContext, type ReactNode, useContext } from 'react';
import type { ExternalRouteRef, RouteRef } from './route-ref.js';
import type { RouteResolver } from './route-resolver.js';

const RouteResolverContext = createContext<RouteResolver | undefined>(undefined);

/**
 * Makes a {@link RouteResolver} available to {@link useRouteRef}.
 *
 * @example
 * <RouteResolverProvider resolver={app.routes}>…</RouteResolverProvider>
 */
export function RouteResolverProvider(props: { resolver: RouteResolver; children: ReactNode }) {
  return (
    <RouteResolverContext.Provider value={props.resolver}>{props.children}</RouteResolverContext.Provider>
  );
}

/**
 * The path builder for a route, or `undefined` when it is not available in this app.
 *
 * @example
 * const entityPath = useRouteRef(entityRouteRef);
 * <Link to={entityPath?.({ namespace, kind, name }) ?? '#'}>…</Link>
 */
export function useRouteRef<P extends string>(
  ref: RouteRef<P> | ExternalRouteRef<P>,
): ((params?: Record<P, string>) => string) | undefined {
  const resolver = useContext(RouteResolverContext);
  if (!resolver) throw new Error(`useRouteRef(${ref.id}) was called outside <RouteResolverProvider>`);
  return resolver.resolve(ref);
}
