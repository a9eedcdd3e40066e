/**
 * A typed handle for a client a frontend plugin needs. The app decides which
 * implementation stands behind it; plugins only ever hold the ref.
 *
 * @example
 * export const catalogApiRef = createApiRef<CatalogApi>({ id: 'plugin.catalog' });
 */
export interface ApiRef<T> {
  readonly id: string;
  /** Never set: carries the API type for inference. */
  readonly T?: T;
}

/**
 * Creates an {@link ApiRef}. Ids are dotted, lower-case words (`core.fetch`, `plugin.catalog`).
 *
 * @example
 * const catalogApiRef = createApiRef<CatalogApi>({ id: 'plugin.catalog' });
 */
export function createApiRef<T>(options: { id: string }): ApiRef<T> {
  if (!/^[a-z][a-z0-9-]*(\.[a-z][a-zA-Z0-9-]*)+$/.test(options.id)) {
    throw new Error(`Invalid API id '${options.id}': use dotted lower-case words such as 'plugin.catalog'`);
  }
  return Object.freeze({ id: options.id, toString: () => `apiRef{${options.id}}` }) as ApiRef<T>;
}

/** The resolved implementations of a factory's dependencies, by name. */
export type ApiDeps<D extends Record<string, ApiRef<unknown>>> = { [K in keyof D]: NonNullable<D[K]['T']> };

/**
 * How to build one API from others. Plugins ship a default factory per API; the
 * app can pass its own factory for the same ref to replace it.
 *
 * @example
 * createApiFactory({
 *   api: catalogApiRef,
 *   deps: { fetchApi: fetchApiRef, discoveryApi: discoveryApiRef },
 *   factory: ({ fetchApi, discoveryApi }) => new CatalogClient({ fetchApi, discoveryApi }),
 * });
 */
export interface ApiFactory<
  T = unknown,
  D extends Record<string, ApiRef<unknown>> = Record<string, ApiRef<unknown>>,
> {
  api: ApiRef<T>;
  deps: D;
  factory(deps: ApiDeps<D>): T;
}

/**
 * Declares an {@link ApiFactory} with its types inferred.
 *
 * @example
 * createApiFactory({ api: configApiRef, deps: {}, factory: () => readFrontendConfig(document) });
 */
export function createApiFactory<T, D extends Record<string, ApiRef<unknown>>>(
  factory: ApiFactory<T, D>,
): ApiFactory<T, D> {
  return factory;
}
