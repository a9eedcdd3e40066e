import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AppProvider,
  createApiFactory,
  createApp,
  identityApiRef,
  SessionIdentityApi,
} from '@greenroom/web-runtime';
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionGate } from './SessionGate.js';

/** A local server with the auth plugin's provider list and guest refresh (identity-contract.md). */
function startAuthServer(providers: { id: string; title: string }[]) {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/api/auth/providers') {
      res.end(JSON.stringify({ environment: 'development', providers }));
    } else if (
      req.url?.startsWith('/api/auth/guest/refresh') &&
      req.headers['x-requested-with'] === 'XMLHttpRequest'
    ) {
      res.end(
        JSON.stringify({
          profile: { displayName: 'Guest' },
          backstageIdentity: {
            token: 't',
            expiresInSeconds: 3600,
            identity: { type: 'user', userEntityRef: 'user:development/guest', ownershipEntityRefs: [] },
          },
        }),
      );
    } else {
      res.statusCode = 401;
      res.end('{}');
    }
  });
  return new Promise<{ server: Server; base: string }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

describe('the sign-in gate', () => {
  let auth: { server: Server; base: string };
  afterEach(() => new Promise((resolve) => auth.server.close(resolve)));

  const renderGate = () => {
    const identityApi = new SessionIdentityApi({
      authBaseUrl: `${auth.base}/api/auth`,
      appOrigin: auth.base,
    });
    const app = createApp({
      plugins: [],
      apis: [createApiFactory({ api: identityApiRef, deps: {}, factory: () => identityApi })],
    });
    render(
      <MantineProvider>
        <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
          <AppProvider app={app}>
            <SessionGate title="Acme">
              <p>Signed-in content</p>
            </SessionGate>
          </AppProvider>
        </QueryClientProvider>
      </MantineProvider>,
    );
    return identityApi;
  };

  describe('with guest and GitHub offered', () => {
    beforeEach(async () => {
      auth = await startAuthServer([
        { id: 'guest', title: 'Guest' },
        { id: 'github', title: 'GitHub' },
      ]);
    });

    it('offers every provider and lets a guest in', async () => {
      const identityApi = renderGate();
      expect(await screen.findByRole('heading', { name: 'Sign in to Acme' })).toBeTruthy();
      expect(await screen.findByRole('button', { name: 'Sign in with GitHub' })).toBeTruthy();
      fireEvent.click(screen.getByRole('button', { name: 'Enter as guest' }));
      expect(await screen.findByText('Signed-in content')).toBeTruthy();
      await identityApi.signOut();
      expect(await screen.findByRole('button', { name: 'Enter as guest' })).toBeTruthy();
    });
  });

  describe('with no provider configured', () => {
    beforeEach(async () => {
      auth = await startAuthServer([]);
    });

    it('explains how to configure one', async () => {
      renderGate();
      expect(await screen.findByText(/Add one under auth.providers/)).toBeTruthy();
    });
  });
});
