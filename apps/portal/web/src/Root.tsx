import { type App, AppProvider, configApiRef } from '@greenroom/web-runtime';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { NotFoundPage } from './shell/NotFoundPage.js';
import { SessionGate } from './shell/SessionGate.js';
import { Shell } from './shell/Shell.js';
import { greenroomTheme } from './theme.js';

/**
 * The portal's React root: theme (following the system unless the user picks one),
 * data cache, app context, router, sign-in gate and the plugins' pages.
 *
 * @example
 * createRoot(element).render(<Root app={createPortalApp(config)} />);
 */
export function Root(props: { app: App; queryClient?: QueryClient }) {
  const { app } = props;
  const title = app.apis.get(configApiRef).getOptionalString('app.title') ?? 'Greenroom';
  const queryClient =
    props.queryClient ??
    new QueryClient({ defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false } } });
  const home = app.pages[0]?.path ?? '/settings';
  return (
    <MantineProvider theme={greenroomTheme} defaultColorScheme="auto">
      <QueryClientProvider client={queryClient}>
        <AppProvider app={app}>
          <BrowserRouter>
            <SessionGate title={title}>
              <Shell title={title}>
                <Routes>
                  <Route path="/" element={<Navigate to={home} replace />} />
                  {app.pages.map((page) => (
                    <Route key={page.routeRef.id} path={page.path} element={<page.component />} />
                  ))}
                  <Route path="*" element={<NotFoundPage />} />
                </Routes>
              </Shell>
            </SessionGate>
          </BrowserRouter>
        </AppProvider>
      </QueryClientProvider>
    </MantineProvider>
  );
}
