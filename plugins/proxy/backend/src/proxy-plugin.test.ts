import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { type BackendFeature, createBackendModule } from '@greenroom/backend-plugin-api';
import type { JsonObject } from '@greenroom/config';
import { startTestBackend, type TestBackend } from '@greenroom/test-utils';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { proxyEndpointsExtensionPoint } from './extension-points.js';
import { RecordingUpstream } from './proxy/recording-upstream.js';
import { proxyPlugin } from './proxy-plugin.js';

const TOKEN = 'proxy-test-token-0123456789';
const AUTH = { authorization: `Bearer ${TOKEN}` };

function backendConfig(endpoints: JsonObject): JsonObject {
  return {
    backend: {
      auth: { externalAccess: [{ type: 'static', options: { token: TOKEN, subject: 'proxy-tests' } }] },
    },
    proxy: { endpoints },
  };
}

describe('proxy plugin', () => {
  let upstream: RecordingUpstream;
  let backend: TestBackend;

  beforeAll(async () => {
    upstream = await RecordingUpstream.start();
    backend = await startTestBackend({
      features: [proxyPlugin],
      config: backendConfig({
        '/api': {
          target: `${upstream.url}/base`,
          headers: { 'X-Api-Key': 'configured-secret' },
          allowedHeaders: ['x-trace'],
        },
        '/forward': { target: upstream.url, credentials: 'forward' },
        '/public': { target: upstream.url, credentials: 'dangerously-allow-unauthenticated' },
        '/public-auth': {
          target: upstream.url,
          credentials: 'dangerously-allow-unauthenticated',
          allowedHeaders: ['Authorization'],
        },
        '/readonly': { target: upstream.url, allowedMethods: ['GET'] },
        '/down': { target: 'http://127.0.0.1:1', timeout: '2s' },
      }),
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await upstream?.stop();
  });
  afterEach(() => {
    upstream.received.length = 0;
    upstream.handle = undefined;
  });

  it('refuses callers without credentials on a require endpoint and never calls the upstream', async () => {
    const response = await backend.request('/api/proxy/api/things');
    expect(response.status).toBe(401);
    expect(upstream.received).toHaveLength(0);
  });

  it('forwards path, query, method and body, strips the caller token and adds configured headers', async () => {
    const response = await backend.request('/api/proxy/api/things/1?expand=true', {
      method: 'POST',
      headers: {
        ...AUTH,
        'content-type': 'application/json',
        'x-trace': 't1',
        'x-other': 'o',
        cookie: 'a=b',
      },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ method: 'POST', url: '/base/things/1?expand=true' });
    const [received] = upstream.received;
    expect(received?.body).toBe('{"hello":"world"}');
    expect(received?.headers.authorization).toBeUndefined();
    expect(received?.headers.cookie).toBeUndefined();
    expect(received?.headers['x-other']).toBeUndefined();
    expect(received?.headers['x-trace']).toBe('t1');
    expect(received?.headers['x-api-key']).toBe('configured-secret');
    expect(received?.headers.host).toBe(new URL(upstream.url).host);
    // Response headers: safe ones pass, cookies and unknown ones do not.
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(response.headers.get('x-upstream')).toBeNull();
  });

  it("forwards the caller's Authorization header on a forward endpoint", async () => {
    const response = await backend.request('/api/proxy/forward/x', { headers: AUTH });
    expect(response.status).toBe(200);
    expect(upstream.received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('lets anyone through an unauthenticated endpoint, forwarding a token only when allowed', async () => {
    expect((await backend.request('/api/proxy/public/x')).status).toBe(200);
    expect(
      (await backend.request('/api/proxy/public/x', { headers: { authorization: 'Bearer whatever' } }))
        .status,
    ).toBe(200);
    expect(upstream.received[1]?.headers.authorization).toBeUndefined();
    expect(
      (await backend.request('/api/proxy/public-auth/x', { headers: { authorization: 'Bearer whatever' } }))
        .status,
    ).toBe(200);
    expect(upstream.received[2]?.headers.authorization).toBe('Bearer whatever');
  });

  it('answers 404 for routes that are not configured and 405 for methods that are not allowed', async () => {
    const unknown = await backend.request('/api/proxy/nope/x', { headers: AUTH });
    expect(unknown.status).toBe(404);
    const post = await backend.request('/api/proxy/readonly/x', { method: 'POST', headers: AUTH, body: 'x' });
    expect(post.status).toBe(405);
    expect(post.headers.get('allow')).toBe('GET');
    expect(upstream.received).toHaveLength(0);
  });

  it('refuses dot-segment escapes and absolute-form request URLs with 400', async () => {
    // Raw requests: fetch would resolve the dot segments itself before sending.
    for (const path of [
      '/api/proxy/api/%2e%2e/admin',
      '/api/proxy/api/a%2F..%2F..%2Fadmin',
      '/api/proxy/api/x/../../y',
    ]) {
      expect(await rawRequest(backend.url, path), path).toBe(400);
    }
    const absolute = await rawRequest(backend.url, `${upstream.url}/api/proxy/api/x`);
    expect([400, 404]).toContain(absolute);
    expect(upstream.received).toHaveLength(0);
  });

  it('answers 502 with a short reason when the upstream is down', async () => {
    const response = await backend.request('/api/proxy/down/x', { headers: AUTH });
    expect(response.status).toBe(502);
    const body = (await response.json()) as { error: { message: string } };
    expect(body.error.message).toMatch(/could not be reached \(ECONNREFUSED\)/);
  });

  it('streams a large download: the caller reads the first bytes before the upstream has finished', async () => {
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    upstream.handle = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream' });
      response.write(chunk);
      // The rest only comes once the caller has seen the first chunk: a buffering proxy would hang here.
      void released.then(() => {
        for (let i = 0; i < 160; i++) response.write(chunk);
        response.end();
      });
    };
    const response = await backend.request('/api/proxy/api/download', { headers: AUTH });
    const reader = response.body!.getReader();
    let total = 0;
    const first = await reader.read();
    total += first.value?.length ?? 0;
    release();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
    }
    expect(total).toBe(161 * chunk.length);
  });

  it('streams an upload: the upstream reads the first bytes before the caller has finished sending', async () => {
    const streaming = await RecordingUpstream.start({ streamBodies: true });
    let firstBytes!: () => void;
    const firstBytesArrived = new Promise<void>((resolve) => {
      firstBytes = resolve;
    });
    let received = 0;
    streaming.handle = (request, response) => {
      request.on('data', (part: Buffer) => {
        received += part.length;
        firstBytes();
      });
      request.on('end', () => response.writeHead(200).end(String(received)));
    };
    const uploads = await startTestBackend({
      features: [proxyPlugin],
      config: backendConfig({ '/upload': streaming.url }),
    });
    try {
      const result = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${uploads.url}/api/proxy/upload/file`, {
          method: 'PUT',
          headers: { ...AUTH, 'content-type': 'application/octet-stream' },
        });
        req.on('response', (response) => {
          const parts: Buffer[] = [];
          response.on('data', (part: Buffer) => parts.push(part));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: Buffer.concat(parts).toString() }),
          );
        });
        req.on('error', reject);
        req.write(Buffer.alloc(1024, 'b'));
        // The rest is sent only once the upstream has the first part: a buffering proxy would hang here.
        void firstBytesArrived.then(() => req.end(Buffer.alloc(1024, 'c')));
      });
      expect(result).toEqual({ status: 200, body: '2048' });
    } finally {
      await uploads.stop();
      await streaming.stop();
    }
  });
});

describe('proxy plugin timeouts and modules', () => {
  it('answers 504 when the upstream does not answer within the timeout', async () => {
    const upstream = await RecordingUpstream.start();
    upstream.handle = () => {
      // Never answers.
    };
    const backend = await startTestBackend({
      features: [proxyPlugin],
      config: backendConfig({ '/slow': { target: upstream.url, timeout: '300ms' } }),
    });
    try {
      const response = await backend.request('/api/proxy/slow/x', { headers: AUTH });
      expect(response.status).toBe(504);
      expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(
        /did not answer within 300 ms/,
      );
    } finally {
      await backend.stop();
      await upstream.stop();
    }
  });

  it('serves endpoints added by a module and refuses a route defined twice', async () => {
    const upstream = await RecordingUpstream.start();
    const module = (route: string): BackendFeature =>
      createBackendModule({
        pluginId: 'proxy',
        moduleId: `extra-${route.slice(1)}`,
        register(reg) {
          reg.registerInit({
            deps: { proxy: proxyEndpointsExtensionPoint },
            async init({ proxy }) {
              proxy.addProxyEndpoints({ [route]: upstream.url });
            },
          });
        },
      });
    const backend = await startTestBackend({
      features: [proxyPlugin, module('/extra')],
      config: backendConfig({}),
    });
    try {
      expect((await backend.request('/api/proxy/extra/y', { headers: AUTH })).status).toBe(200);
      expect(upstream.received[0]?.url).toBe('/y');
    } finally {
      await backend.stop();
    }
    await expect(
      startTestBackend({
        features: [proxyPlugin, module('/dup')],
        config: backendConfig({ '/dup': upstream.url }),
      }),
    ).rejects.toThrow(/Proxy route '\/dup' is defined twice/);
    await upstream.stop();
  });

  it('refuses to start with an invalid endpoint, naming the key', async () => {
    await expect(
      startTestBackend({ features: [proxyPlugin], config: backendConfig({ '/bad': { target: 'ftp://x' } }) }),
    ).rejects.toThrow(/proxy\.endpoints/);
  });
});

/** Sends the request target as given (fetch would normalise it first). */
async function rawRequest(base: string, target: string): Promise<number> {
  const { hostname, port } = new URL(base);
  const req = httpRequest({ host: hostname, port, path: target, headers: AUTH });
  req.end();
  const [response] = (await once(req, 'response')) as [import('node:http').IncomingMessage];
  response.resume();
  return response.statusCode ?? 0;
}
