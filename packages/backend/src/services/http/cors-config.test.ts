import { afterEach, describe, expect, it } from 'vitest';
import { corsConfigSchema, createOriginMatcher } from './cors-config.js';
import { startTestRootHttpRouter, type TestRootHttpRouter } from './testing/index.js';

describe('createOriginMatcher', () => {
  it('matches exact origins and * wildcards within a host or port, case-insensitively', () => {
    const allowed = createOriginMatcher([
      'https://portal.example.com',
      'https://*.preview.example.com',
      'http://localhost:*',
    ]);
    expect(allowed('https://portal.example.com')).toBe(true);
    expect(allowed('HTTPS://PORTAL.EXAMPLE.COM')).toBe(true);
    expect(allowed('https://pr-42.preview.example.com')).toBe(true);
    expect(allowed('http://localhost:3000')).toBe(true);
    expect(allowed('http://portal.example.com')).toBe(false);
    expect(allowed('https://preview.example.com.evil.com')).toBe(false);
    expect(allowed('https://evilpreview.example.com')).toBe(false);
    expect(allowed('https://portal.example.com/path')).toBe(false);
    expect(allowed('null')).toBe(false);
  });

  it("treats a lone '*' as every origin", () => {
    expect(createOriginMatcher(['*'])('https://anything.example.org')).toBe(true);
  });

  it('reads origin as a string or a list and requires it', () => {
    expect(corsConfigSchema.parse({ origin: 'https://a.example.com' })).toEqual({
      origin: 'https://a.example.com',
    });
    expect(corsConfigSchema.parse(undefined)).toBeUndefined();
    expect(corsConfigSchema.safeParse({ credentials: true }).success).toBe(false);
  });
});

describe('CORS on the root router', () => {
  let started: TestRootHttpRouter | undefined;
  afterEach(async () => {
    await started?.router.stop();
    started = undefined;
  });
  const routes = async (app: Parameters<NonNullable<Parameters<typeof startTestRootHttpRouter>[0]>>[0]) => {
    app.get('/data', async () => ({ ok: true }));
  };

  it('sends no CORS headers when backend.cors is not set', async () => {
    started = await startTestRootHttpRouter(routes);
    const response = await fetch(`${started.url}/data`, {
      headers: { origin: 'https://portal.example.com' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('allows configured origins, with credentials, exposed headers and preflight answers', async () => {
    started = await startTestRootHttpRouter(routes, {
      cors: {
        origin: ['https://*.example.com'],
        methods: ['GET', 'POST'],
        credentials: true,
        exposedHeaders: ['x-total-count'],
        maxAge: 600,
      },
    });
    const response = await fetch(`${started.url}/data`, {
      headers: { origin: 'https://portal.example.com' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect(response.headers.get('access-control-allow-credentials')).toBe('true');
    expect(response.headers.get('access-control-expose-headers')).toBe('x-total-count');
    expect(response.headers.get('vary')).toMatch(/origin/i);

    const preflight = await fetch(`${started.url}/data`, {
      method: 'OPTIONS',
      headers: { origin: 'https://portal.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://portal.example.com');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
  });

  it('gives origins that are not allowed no CORS headers, so browsers refuse the answer', async () => {
    started = await startTestRootHttpRouter(routes, { cors: { origin: 'https://portal.example.com' } });
    const response = await fetch(`${started.url}/data`, { headers: { origin: 'https://evil.example.org' } });
    expect(response.headers.get('access-control-allow-origin')).toBeNull();

    const preflight = await fetch(`${started.url}/data`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.org', 'access-control-request-method': 'DELETE' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-methods')).toBeNull();
  });
});
