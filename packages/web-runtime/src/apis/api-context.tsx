import { createContext, type ReactNode, useContext } from 'react';
import type { ApiRef } from './api-ref.js';
import type { ApiRegistry } from './api-registry.js';

const ApiContext = createContext<ApiRegistry | undefined>(undefined);

/**
 * Makes an {@link ApiRegistry} available to {@link useApi} below it.
 *
 * @example
 * <ApiProvider registry={app.apis}><Shell /></ApiProvider>
 */
export function ApiProvider(props: { registry: ApiRegistry; children: ReactNode }) {
  return <ApiContext.Provider value={props.registry}>{props.children}</ApiContext.Provider>;
}

/**
 * The implementation of an API inside React components.
 *
 * @example
 * const catalogApi = useApi(catalogApiRef);
 */
export function useApi<T>(ref: ApiRef<T>): T {
  const registry = useContext(ApiContext);
  if (!registry) throw new Error(`useApi(${ref.id}) was called outside <ApiProvider>`);
  return registry.get(ref);
}
