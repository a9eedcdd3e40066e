import { createExternalRouteRef, createRouteRef } from '@greenroom/web-runtime';

/**
 * The catalog index (`/catalog`).
 *
 * @example
 * const catalogPath = useRouteRef(catalogIndexRouteRef);
 */
export const catalogIndexRouteRef = createRouteRef({ id: 'catalog.index' });

/**
 * An entity's page (`/catalog/:namespace/:kind/:name`).
 *
 * @example
 * useRouteRef(entityRouteRef)?.({ namespace: 'default', kind: 'component', name: 'checkout' });
 */
export const entityRouteRef = createRouteRef({ id: 'catalog.entity', params: ['namespace', 'kind', 'name'] });

/**
 * Where the "Create" button of the catalog index leads; bound to the scaffolder by default.
 *
 * @example
 * // app-config.yaml
 * // app: { routes: { bindings: { catalog.createComponent: scaffolder.root } } }
 */
export const createComponentRouteRef = createExternalRouteRef({
  id: 'catalog.createComponent',
  defaultTarget: 'scaffolder.root',
});
