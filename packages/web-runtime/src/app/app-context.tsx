import { createContext, type ReactNode, useContext } from 'react';
import { ApiProvider } from '../apis/api-context.js';
import { RouteResolverProvider } from '../routing/use-route-ref.js';
import type { App } from './create-app.js';

const AppContext = createContext<App | undefined>(undefined);

/**
 * Provides the app, its APIs and its routes to everything below.
 *
 * @example
 * <AppProvider app={app}><Shell /></AppProvider>
 */
export function AppProvider(props: { app: App; children: ReactNode }) {
  return (
    <AppContext.Provider value={props.app}>
      <ApiProvider registry={props.app.apis}>
        <RouteResolverProvider resolver={props.app.routes}>{props.children}</RouteResolverProvider>
      </ApiProvider>
    </AppContext.Provider>
  );
}

/**
 * The assembled app (pages, nav items, entity tabs and cards).
 *
 * @example
 * const tabs = useApp().entityTabsFor(entity);
 */
export function useApp(): App {
  const app = useContext(AppContext);
  if (!app) throw new Error('useApp() was called outside <AppProvider>');
  return app;
}
