import { describe, expect, it } from 'vitest';
import { IdentityFetchApi } from './fetch-api.js';

function recordingFetch() {
  const calls: { url: string; authorization: string | null }[] = [];
  const fetch = (async (input: URL | RequestInfo, init?: RequestInit) => {
    calls.push({ url: String(input), authorization: new Headers(init?.headers).get('authorization') });
    return new Response('{}');
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

describe('IdentityFetchApi', () => {
  const identityApi = { getCredentials: async () => ({ token: 'user-token' }) };

  it('sends the user token to the portal origin', async () => {
    const { calls, fetch } = recordingFetch();
    const api = new IdentityFetchApi({ identityApi, origin: 'http://localhost:7007', fetch });
    await api.fetch('/api/catalog/entities');
    expect(calls).toEqual([
      { url: 'http://localhost:7007/api/catalog/entities', authorization: 'Bearer user-token' },
    ]);
  });

  it('never sends the token to another origin', async () => {
    const { calls, fetch } = recordingFetch();
    const api = new IdentityFetchApi({ identityApi, origin: 'http://localhost:7007', fetch });
    await api.fetch('https://api.example.com/things');
    expect(calls[0]?.authorization).toBeNull();
  });

  it('keeps an authorization header the caller set', async () => {
    const { calls, fetch } = recordingFetch();
    const api = new IdentityFetchApi({ identityApi, origin: 'http://localhost:7007', fetch });
    await api.fetch('/api/proxy/x', { headers: { authorization: 'Basic abc' } });
    expect(calls[0]?.authorization).toBe('Basic abc');
  });

  it('sends no authorization header when nobody is signed in', async () => {
    const { calls, fetch } = recordingFetch();
    const api = new IdentityFetchApi({
      identityApi: { getCredentials: async () => ({}) },
      origin: 'http://localhost:7007',
      fetch,
    });
    await api.fetch('/api/catalog/entities');
    expect(calls[0]?.authorization).toBeNull();
  });
});
