import { createFrontendPlugin, createRouteRef } from '@greenroom/web-runtime';
import { lazy } from 'react';

/**
 * The user settings page (`/settings`).
 *
 * @example
 * useRouteRef(settingsRouteRef)?.();
 */
export const settingsRouteRef = createRouteRef({ id: 'user-settings.root' });

/**
 * User settings: profile (from the user entity), theme and sign-out.
 *
 * @example
 * createApp({ plugins: [catalogPlugin, userSettingsPlugin] });
 */
export const userSettingsPlugin = createFrontendPlugin({
  id: 'user-settings',
  pages: [
    { path: '/settings', routeRef: settingsRouteRef, component: lazy(() => import('./SettingsPage.js')) },
  ],
  navItems: [{ title: 'Settings', routeRef: settingsRouteRef }],
});
