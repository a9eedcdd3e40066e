import { ConfigReader, type JsonObject } from '@greenroom/config';
import {
  AuthenticationError,
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@greenroom/errors';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readRootHttpRouterSettings } from './http-server-config.js';
import { DefaultRootHttpRouter } from './root-http-router.js';
import { startTestRootHttpRouter, TestLogger, type TestRootHttpRouter } from './testing/index.js';

/** The `error` part of an error response body. */
async function errorOf(response: Response): Promise<{ name: string; message: string }> {
  return ((await response.json()) as { error: { name: string; message: string } }).error;
}

let started: TestRootHttpRouter | undefined;
afterEach(async () => {
  await started?.router.stop();
  started = undefined;
});

async function start(routes?: (app: FastifyInstance) => Promise<void>, backend?: JsonObject) {
  started = await startTestRootHttpRouter(routes, backend);
  return started;
}

describe('DefaultRootHttpRouter', () => {
  it('listens on a free port when backend.listen.port is 0 and reports where', async () => {
    const { router, url, logger } = await start(async (app) => {
      app.get('/hello', async () => ({ hello: 'world' }));
    });
    expect(router.getListenAddress()).toEqual({ host: '127.0.0.1', port: expect.any(Number) });
    expect(router.getListenAddress()!.port).toBeGreaterThan(0);
    expect(await (await fetch(`${url}/hello`)).json()).toEqual({ hello: 'world' });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({ level: 'info', message: `Listening on ${url}` }),
    );
  });

  it('applies the backend.http timeouts to the server it listens with', async () => {
    const { router } = await start(undefined, {
      http: { requestTimeout: '2m', keepAliveTimeout: '5s', connectionTimeout: '90s' },
    });
    const server = router.server.server;
    expect([server.requestTimeout, server.keepAliveTimeout, server.timeout]).toEqual([
      120_000, 5_000, 90_000,
    ]);
  });

  it('serves the routes added with use(prefix) under that prefix', async () => {
    const { url } = await start(async (app) => {
      await app.register(async (inner) => inner.get('/ping', async () => 'pong'), { prefix: '/tools' });
    });
    const response = await fetch(`${url}/tools/ping`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('pong');
  });

  it('answers unknown routes with 404 in the Backstage error body', async () => {
    const { url } = await start();
    const response = await fetch(`${url}/nowhere?x=1`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { name: 'NotFoundError', message: 'No route for GET /nowhere' },
      request: { method: 'GET', url: '/nowhere?x=1' },
      response: { statusCode: 404 },
    });
  });

  it.each([
    [new InputError('the filter is malformed'), 400],
    [new AuthenticationError('the token expired'), 401],
    [new NotAllowedError('you may not read this'), 403],
    [new NotFoundError('no such entity'), 404],
    [new ConflictError('the entity already exists'), 409],
  ])('renders %s with status %i and the Backstage error body', async (error, statusCode) => {
    const { url, logger } = await start(async (app) => {
      app.post('/fail', async () => {
        throw error;
      });
    });
    const response = await fetch(`${url}/fail`, { method: 'POST' });
    expect(response.status).toBe(statusCode);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({
      error: { name: error.name, message: error.message },
      request: { method: 'POST', url: '/fail' },
      response: { statusCode },
    });
    expect(logger.lines.filter((line) => line.level === 'error')).toEqual([]);
  });

  it('hides the message of unexpected errors from the caller and logs them with the error', async () => {
    const { url, logger } = await start(async (app) => {
      app.get('/crash', async () => {
        throw new Error('database password is hunter2');
      });
    });
    const response = await fetch(`${url}/crash`);
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      error: { name: 'Error', message: 'Internal Server Error' },
      request: { method: 'GET', url: '/crash' },
      response: { statusCode: 500 },
    });
    const errors = logger.lines.filter((line) => line.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.meta).toMatchObject({ statusCode: 500, error: expect.any(Error) });
  });

  it('rejects a body larger than backend.http.bodyLimit with 413', async () => {
    const { url } = await start(
      async (app) => {
        app.post('/upload', async (request) => ({ size: JSON.stringify(request.body).length }));
      },
      { http: { bodyLimit: '1kb' } },
    );
    const post = (size: number) =>
      fetch(`${url}/upload`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ data: 'x'.repeat(size) }),
      });
    expect((await post(100)).status).toBe(200);
    const response = await post(2000);
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: {
        name: 'PayloadTooLargeError',
        message:
          'Request body is larger than the limit of 1024 bytes; send less data, or raise backend.http.bodyLimit',
      },
      request: { method: 'POST', url: '/upload' },
      response: { statusCode: 413 },
    });
  });

  it('rejects malformed JSON and unsupported content types with 400', async () => {
    const { url } = await start(async (app) => {
      app.post('/things', async () => ({ ok: true }));
    });
    const response = await fetch(`${url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(response.status).toBe(400);
    expect(await errorOf(response)).toEqual({
      name: 'InputError',
      message: 'Request body is not valid JSON',
    });

    const xml = await fetch(`${url}/things`, {
      method: 'POST',
      headers: { 'content-type': 'text/xml' },
      body: '<thing/>',
    });
    expect(xml.status).toBe(400);
    expect(await errorOf(xml)).toEqual({
      name: 'InputError',
      message: "Illegal Content-Type 'text/xml'; send application/json",
    });
  });

  it('takes an empty application/json body as no body, as Express does', async () => {
    const { url } = await start(async (app) => {
      app.delete('/things/:id', async (request) => ({ body: request.body === undefined ? 'none' : 'some' }));
    });
    const response = await fetch(`${url}/things/1`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: 'none' });
    const proto = await fetch(`${url}/things/1`, {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: '{"__proto__":{"x":1}}',
    });
    expect(proto.status).toBe(400);
  });

  it('validates zod route schemas and names the field that failed', async () => {
    const { url } = await start(async (app) => {
      app.withTypeProvider<ZodTypeProvider>().post(
        '/greetings',
        {
          schema: {
            querystring: z.object({ limit: z.coerce.number().int().max(100).optional() }),
            body: z.object({ name: z.string().min(2), tags: z.array(z.string()).optional() }),
            response: { 200: z.object({ greeting: z.string() }) },
          },
        },
        async (request) => ({ greeting: `Hello ${request.body.name}`, secret: 'not serialised' }),
      );
    });
    const post = (query: string, body: unknown) =>
      fetch(`${url}/greetings${query}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });

    const ok = await post('?limit=5', { name: 'Jane' });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ greeting: 'Hello Jane' });

    const badBody = await post('', { name: 'J', tags: ['a', 3] });
    expect(badBody.status).toBe(400);
    const body = (await badBody.json()) as { error: { name: string; message: string } };
    expect(body.error.name).toBe('InputError');
    expect(body.error.message).toMatch(/^Invalid body: 'name': .*; 'tags\.1': /);

    const badQuery = await post('?limit=500', { name: 'Jane' });
    expect(badQuery.status).toBe(400);
    expect((await errorOf(badQuery)).message).toMatch(/^Invalid querystring: 'limit': /);
  });

  it('logs each request at debug level without headers or the query string', async () => {
    const { url, logger } = await start(async (app) => {
      app.get('/items', async () => []);
    });
    await fetch(`${url}/items?token=query-secret`, {
      headers: { authorization: 'Bearer header-secret', cookie: 'session=cookie-secret' },
    });
    expect(logger.lines).toContainEqual({
      level: 'debug',
      message: expect.stringMatching(/^GET \/items 200 \(/),
      meta: { method: 'GET', url: '/items', statusCode: 200, durationMs: expect.any(Number) },
    });
    expect(logger.text()).not.toMatch(/query-secret|header-secret|cookie-secret/);
  });

  it('refuses to add routes once the server has started', async () => {
    const { router } = await start();
    expect(() => router.use('/late', async () => {})).toThrow(/after the HTTP server has started/);
  });

  it('refuses a route prefix that is not a path', () => {
    const router = new DefaultRootHttpRouter({
      settings: readRootHttpRouterSettings(new ConfigReader({})),
      logger: new TestLogger(),
    });
    expect(() => router.use('api', async () => {})).toThrow(/Invalid route prefix 'api'/);
  });

  it('names backend.listen when the port is taken', async () => {
    const { router } = await start();
    const second = new DefaultRootHttpRouter({
      settings: readRootHttpRouterSettings(
        new ConfigReader({
          backend: { listen: { host: '127.0.0.1', port: router.getListenAddress()!.port } },
        }),
      ),
      logger: new TestLogger(),
    });
    await expect(second.listen()).rejects.toThrow(/could not listen on 127\.0\.0\.1:\d+ \(backend\.listen\)/);
    await second.stop();
  });
});
