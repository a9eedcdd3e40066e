import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SessionIdentityApi } from './identity-api.js';

/**
 * A local HTTP server speaking the auth plugin's contract for the guest provider
 * (identity-contract.md): enough to check what the client sends and how it reacts.
 */
function startAuthServer() {
  const requests: { method: string; path: string; requestedWith?: string }[] = [];
  let issued = 0;
  let refreshAllowed = true;
  const server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    requests.push({
      method: req.method ?? '',
      path: `${url.pathname}${url.search}`,
      requestedWith: req.headers['x-requested-with'] as string,
    });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url.pathname === '/api/auth/providers') {
      return json(200, { environment: 'development', providers: [{ id: 'guest', title: 'Guest' }] });
    }
    if (url.pathname === '/api/auth/guest/refresh') {
      if (req.headers['x-requested-with'] !== 'XMLHttpRequest' || !refreshAllowed) {
        return json(401, { error: { name: 'AuthenticationError', message: 'Unauthorized' } });
      }
      issued++;
      return json(200, {
        profile: { displayName: 'Guest' },
        backstageIdentity: {
          token: `token-${issued}`,
          expiresInSeconds: 3600,
          identity: {
            type: 'user',
            userEntityRef: 'user:development/guest',
            ownershipEntityRefs: ['user:development/guest'],
          },
        },
      });
    }
    if (url.pathname === '/api/auth/guest/logout' && req.method === 'POST') return json(200, {});
    return json(404, {});
  });
  return new Promise<{ server: Server; base: string; requests: typeof requests; denyRefresh(): void }>(
    (resolve) =>
      server.listen(0, '127.0.0.1', () => {
        const { port } = server.address() as AddressInfo;
        resolve({
          server,
          base: `http://127.0.0.1:${port}`,
          requests,
          denyRefresh: () => (refreshAllowed = false),
        });
      }),
  );
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe('SessionIdentityApi', () => {
  let auth: Awaited<ReturnType<typeof startAuthServer>>;
  const apis: SessionIdentityApi[] = [];
  const create = (options: { storage?: ReturnType<typeof memoryStorage>; now?: () => number } = {}) => {
    const api = new SessionIdentityApi({
      authBaseUrl: `${auth.base}/api/auth`,
      appOrigin: auth.base,
      fetch: (input, init) => fetch(input, init),
      ...options,
    });
    apis.push(api);
    return api;
  };

  beforeEach(async () => {
    auth = await startAuthServer();
  });
  afterEach(async () => {
    for (const api of apis.splice(0)) await api.signOut();
    await new Promise((resolve) => auth.server.close(resolve));
  });

  it('signs a guest in through refresh, sending X-Requested-With and the environment', async () => {
    const storage = memoryStorage();
    const api = create({ storage });
    const session = await api.signIn('guest');
    expect(session.response.backstageIdentity.identity.userEntityRef).toBe('user:development/guest');
    expect(await api.getCredentials()).toEqual({ token: 'token-1' });
    expect(auth.requests).toContainEqual({
      method: 'GET',
      path: '/api/auth/guest/refresh?env=development',
      requestedWith: 'XMLHttpRequest',
    });
    expect(storage.getItem('greenroom.auth.provider')).toBe('guest');
  });

  it('refreshes the token before handing it out when it is about to expire', async () => {
    let now = 1_000_000;
    const api = create({ now: () => now });
    await api.signIn('guest');
    now += 3_590_000; // 10 s before expiry
    expect(await api.getCredentials()).toEqual({ token: 'token-2' });
  });

  it('resumes the last session on reload and gives up when the refresh is refused', async () => {
    const storage = memoryStorage();
    await create({ storage }).signIn('guest');
    const reloaded = create({ storage });
    expect((await reloaded.restore())?.response.backstageIdentity.token).toBe('token-2');
    auth.denyRefresh();
    expect(await create({ storage }).restore()).toBeUndefined();
  });

  it('does not try to resume when nobody signed in before', async () => {
    expect(await create({ storage: memoryStorage() }).restore()).toBeUndefined();
    expect(auth.requests).toEqual([]);
  });

  it('signs out: revokes the session, forgets the provider and tells subscribers', async () => {
    const storage = memoryStorage();
    const api = create({ storage });
    await api.signIn('guest');
    const seen: unknown[] = [];
    api.subscribe((session) => seen.push(session));
    await api.signOut();
    expect(api.getSession()).toBeUndefined();
    expect(await api.getCredentials()).toEqual({});
    expect(seen).toEqual([undefined]);
    expect(storage.getItem('greenroom.auth.provider')).toBeNull();
    expect(auth.requests.at(-1)).toEqual({
      method: 'POST',
      path: '/api/auth/guest/logout',
      requestedWith: 'XMLHttpRequest',
    });
  });

  it('signs out every other tab', async () => {
    const tab1 = create();
    const tab2 = create();
    await tab1.signIn('guest');
    await tab2.signIn('guest');
    const signedOut = new Promise<void>((resolve) =>
      tab2.subscribe((session) => session === undefined && resolve()),
    );
    await tab1.signOut();
    await signedOut;
    expect(tab2.getSession()).toBeUndefined();
  });
});
