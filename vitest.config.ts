import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

/** Browser-side code: React components and the web runtime, tested in jsdom. */
const webTests = [
  'packages/web-*/src/**/*.test.{ts,tsx}',
  'plugins/*/web/src/**/*.test.{ts,tsx}',
  'apps/portal/web/src/**/*.test.{ts,tsx}',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          include: [
            'packages/*/src/**/*.test.ts',
            'plugins/*/*/src/**/*.test.ts',
            'apps/*/src/**/*.test.ts',
            // End-to-end tests of the web portal: a real backend and Debian's chromium.
            'apps/portal/web/e2e/**/*.test.ts',
          ],
          exclude: ['**/node_modules/**', ...webTests],
          globalSetup: ['packages/test-utils/src/globalSetup.ts'],
        },
      },
      {
        extends: true,
        plugins: [react()],
        test: {
          name: 'web',
          include: webTests,
          environment: 'jsdom',
          setupFiles: ['packages/web-runtime/src/testing/setup-jsdom.ts'],
        },
      },
    ],
  },
});
