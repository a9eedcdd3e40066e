import { coreServices, createBackendPlugin } from '@greenroom/backend-plugin-api';
import { waitFor } from '@greenroom/test-utils';
import { describe, expect, it } from 'vitest';
import { PROBE_ERRORS, probePlugin } from './fixtures/probe-plugin.js';
import { staticTokenAuth } from './support/static-token-auth.js';
import { useTestBackends } from './support/test-backends.js';

const backends = useTestBackends();
const TOKEN = 'integration-test-token';
const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

describe('plugin routes', () => {
  it('are mounted under /api/<pluginId>, each plugin answering its own', async () => {
    const backend = await backends.start({ features: [probePlugin('alpha'), probePlugin('beta')] });
    expect(await (await backend.request('/api/alpha/public/whoami')).json()).toMatchObject({
      pluginId: 'alpha',
    });
    expect(await (await backend.request('/api/beta/public/whoami')).json()).toMatchObject({
      pluginId: 'beta',
    });
    for (const path of ['/public/whoami', '/api/gamma/public/whoami', '/api/alpha/public/nothing-here']) {
      const res = await backend.request(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        error: { name: 'NotFoundError' },
        response: { statusCode: 404 },
      });
    }
  });

  it.each([
    ['input', 400, 'InputError'],
    ['not-allowed', 403, 'NotAllowedError'],
    ['not-found', 404, 'NotFoundError'],
    ['conflict', 409, 'ConflictError'],
  ] as const)('answer a thrown %s error with %i and the error body', async (kind, statusCode, name) => {
    const backend = await backends.start({ features: [probePlugin('alpha')] });
    const url = `/api/alpha/public/fail/${kind}?attempt=1`;
    const res = await backend.request(url);
    expect(res.status).toBe(statusCode);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      error: { name, message: PROBE_ERRORS[kind]().message },
      request: { method: 'GET', url },
      response: { statusCode },
    });
  });

  it('answer an unexpected error with 500, hiding its message from the caller but logging it', async () => {
    const backend = await backends.start({ features: [probePlugin('alpha')] });
    const res = await backend.request('/api/alpha/public/fail/bug');
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(JSON.parse(body)).toMatchObject({ error: { name: 'Error', message: 'Internal Server Error' } });
    expect(body).not.toContain('internal detail');
    const logged = backend.logs.find((line) => line.level === 'error' && /→ 500/.test(line.message));
    expect(logged).toMatchObject({ error: { message: 'undefined is not a function (internal detail)' } });
  });
});

describe('the default auth policy', () => {
  it('refuses requests without valid credentials with 401, unless a policy makes the path public', async () => {
    const backend = await backends.start({
      features: [staticTokenAuth(TOKEN, 'external:ci'), probePlugin('alpha')],
    });
    const missing = await backend.request('/api/alpha/whoami');
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { name: 'AuthenticationError' } });
    expect((await backend.request('/api/alpha/whoami', bearer('forged-token'))).status).toBe(401);
    // Unknown paths are behind the barrier too, so they do not reveal which paths exist.
    expect((await backend.request('/api/alpha/nothing-here')).status).toBe(401);

    const allowed = await backend.request('/api/alpha/whoami', bearer(TOKEN));
    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toEqual({
      pluginId: 'alpha',
      principal: { type: 'service', subject: 'external:ci' },
    });
    const anonymous = await backend.request('/api/alpha/public/whoami');
    expect(await anonymous.json()).toEqual({ pluginId: 'alpha', principal: { type: 'none' } });
  });

  it('is lifted by backend.auth.dangerouslyDisableDefaultAuthPolicy, with a warning', async () => {
    const backend = await backends.start({
      features: [probePlugin('alpha')],
      config: { backend: { auth: { dangerouslyDisableDefaultAuthPolicy: true } } },
    });
    const res = await backend.request('/api/alpha/whoami');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ pluginId: 'alpha', principal: { type: 'none' } });
    expect(
      backend.logs.find(
        (line) => line.level === 'warn' && /dangerouslyDisableDefaultAuthPolicy/.test(line.message),
      ),
    ).toBeDefined();
  });
});

describe('request bodies', () => {
  const post = (size: number) => ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'x'.repeat(size) }),
  });

  it('are refused with 413 above backend.http.bodyLimit', async () => {
    const backend = await backends.start({
      features: [probePlugin('alpha')],
      config: { backend: { http: { bodyLimit: 1024 } } },
    });
    const small = await backend.request('/api/alpha/public/echo', post(500));
    expect(small.status).toBe(200);
    expect(await small.json()).toEqual({ text: 'x'.repeat(500) });

    const large = await backend.request('/api/alpha/public/echo', post(2000));
    expect(large.status).toBe(413);
    expect(await large.json()).toMatchObject({
      error: { name: 'PayloadTooLargeError', message: expect.stringMatching(/backend\.http\.bodyLimit/) },
    });
  });
});

describe('health', () => {
  it('reports not ready while plugins start, ready once serving, and not ready as soon as shutdown begins', async () => {
    const readiness: Record<string, number> = {};
    const watcher = createBackendPlugin({
      pluginId: 'watcher',
      register(reg) {
        reg.registerInit({
          deps: { health: coreServices.rootHealth, lifecycle: coreServices.lifecycle },
          async init({ health, lifecycle }) {
            readiness.init = (await health.getReadiness()).status;
            lifecycle.addStartupHook(async () => {
              readiness.startup = (await health.getReadiness()).status;
            });
          },
        });
      },
    });
    const backend = await backends.start({
      features: [watcher],
      // Keeps serving for a while after shutdown begins, so load balancers can see readiness drop.
      config: { backend: { lifecycle: { serverShutdownDelay: { seconds: 3 } } } },
    });
    expect(readiness).toEqual({ init: 503, startup: 503 });
    expect((await backend.request('/.backstage/health/v1/liveness')).status).toBe(200);
    const ready = await backend.request('/.backstage/health/v1/readiness');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ok' });

    const stopping = backend.stop();
    const notReady = await waitFor(async () => {
      const res = await backend.request('/.backstage/health/v1/readiness');
      return res.status === 503 ? res : undefined;
    }, 'readiness to turn 503');
    expect(await notReady.json()).toEqual({ status: 'error', message: 'Backend is shutting down' });
    expect((await backend.request('/.backstage/health/v1/liveness')).status).toBe(200);
    await stopping;
    await expect(backend.request('/.backstage/health/v1/liveness')).rejects.toThrow();
  });
});

describe('plugin-scoped services', () => {
  it('give each plugin its own logger, tagging its lines with the plugin id', async () => {
    const backend = await backends.start({ features: [probePlugin('alpha'), probePlugin('beta')] });
    const ready = backend.logs.filter((line) => line.message === 'Probe ready');
    expect(ready.map((line) => line.plugin).sort()).toEqual(['alpha', 'beta']);
  });
});
